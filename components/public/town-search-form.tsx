import { useTranslations } from "next-intl";

/** A plain GET form to the home page: works without JavaScript, and the result is a shareable URL. */
export function TownSearchForm({ action, query }: { action: string; query: string }) {
  const t = useTranslations("search");
  return (
    <form role="search" method="get" action={action} className="town-search">
      <label htmlFor="town-q">{t("label")}</label>
      <p id="town-q-hint" className="meta">
        {t("hint")}
      </p>
      <div className="town-search-row">
        <input
          id="town-q"
          name="q"
          type="search"
          defaultValue={query}
          aria-describedby="town-q-hint"
          autoComplete="address-level2"
          maxLength={60}
          enterKeyHint="search"
        />
        <button type="submit">{t("submit")}</button>
      </div>
    </form>
  );
}
