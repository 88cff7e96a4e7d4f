import { useLocale, useTranslations } from "next-intl";
import type { PublicTown } from "@/db/public/types";
import type { SearchableTown } from "@/lib/town-search";
import { JsonData } from "./json-data";

/**
 * A plain GET form to the home page: works without JavaScript, and the result is a shareable URL.
 * Given `towns`, the search island (islands/search.ts) adds suggestions as the resident types:
 * the towns and the one string it needs travel in the page (a JSON block, data attributes), in
 * the page's language.
 */
export function TownSearchForm({ action, query, towns }: { action: string; query: string; towns?: PublicTown[] }) {
  const t = useTranslations("search");
  const locale = useLocale();
  const dataId = "town-search-towns";
  const searchable: SearchableTown[] | undefined = towns?.map(({ slug, nameUk, nameRu, nameEn, aliases }) => ({ slug, nameUk, nameRu, nameEn, aliases }));
  return (
    <form
      role="search"
      method="get"
      action={action}
      className="town-search"
      {...(searchable && { "data-island": "search", "data-towns": dataId, "data-locale": locale, "data-town-href": `/${locale}/towns/`, "data-also-known-as": t("alsoKnownAs", { name: "{name}" }) })}
    >
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
      {searchable && (
        <>
          {/* Filled and shown by the island. */}
          <ul id="town-q-suggestions" role="listbox" aria-label={t("suggestions")} className="town-suggestions" hidden />
          <JsonData id={dataId} value={searchable} />
        </>
      )}
    </form>
  );
}
