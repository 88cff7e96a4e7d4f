import { getTranslations } from "next-intl/server";
import { INCIDENT_CATEGORIES, SOURCE_KINDS, VERIFICATION_STATES } from "@/db/schema/enum-values";
import { Link } from "@/i18n/navigation";
import type { IncidentFilterParams } from "@/lib/incident-filters";
import { localizedName } from "@/lib/localized-name";

type TownNames = { nameUk: string; nameRu: string; nameEn: string };

/**
 * The filters of an incident list as a plain GET form, so every filtered view has its own address
 * that can be shared, bookmarked and reloaded, and works before any script runs.
 */
export async function IncidentFilterForm({
  basePath,
  filters,
  towns,
  routes,
  locale,
}: {
  basePath: string;
  filters: IncidentFilterParams;
  towns: (TownNames & { slug: string })[];
  routes: { slug: string; origin: TownNames; destination: TownNames }[];
  locale: string;
}) {
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tk = await getTranslations("sourceKind");
  return (
    <form method="get" className="filters" aria-label={t("filters")}>
      <div className="field">
        <label htmlFor="f-q">{t("search")}</label>
        <input id="f-q" type="search" name="q" maxLength={200} defaultValue={filters.q ?? ""} aria-describedby="f-q-hint" />
        <p className="hint" id="f-q-hint">
          {t("searchHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor="f-town">{t("town")}</label>
        <select id="f-town" name="town" defaultValue={filters.town ?? ""}>
          <option value="">{t("any")}</option>
          {towns.map((town) => (
            <option key={town.slug} value={town.slug}>
              {localizedName(town, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-route">{t("route")}</label>
        <select id="f-route" name="route" defaultValue={filters.route ?? ""}>
          <option value="">{t("any")}</option>
          {routes.map((r) => (
            <option key={r.slug} value={r.slug}>
              {localizedName(r.origin, locale)} → {localizedName(r.destination, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-category">{t("category")}</label>
        <select id="f-category" name="category" defaultValue={filters.category ?? ""}>
          <option value="">{t("any")}</option>
          {INCIDENT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {tc(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-verification">{t("verification")}</label>
        <select id="f-verification" name="verification" defaultValue={filters.verification ?? ""}>
          <option value="">{t("any")}</option>
          {VERIFICATION_STATES.map((v) => (
            <option key={v} value={v}>
              {tv(v)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-source-kind">{t("sourceKind")}</label>
        <select id="f-source-kind" name="sourceKind" defaultValue={filters.sourceKind ?? ""}>
          <option value="">{t("any")}</option>
          {SOURCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {tk(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">{t("from")}</label>
        <input id="f-from" type="date" name="from" defaultValue={filters.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t("to")}</label>
        <input id="f-to" type="date" name="to" defaultValue={filters.to ?? ""} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button">
          {t("apply")}
        </button>{" "}
        <Link href={basePath}>{t("clear")}</Link>
      </div>
    </form>
  );
}
