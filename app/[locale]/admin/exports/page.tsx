import { getTranslations } from "next-intl/server";
import { DateRangeFields, FilterSelect } from "@/components/forms/filter-fields";
import { requireUser } from "@/auth";
import { INCIDENT_CATEGORIES, VERIFICATION_STATES } from "@/lib/enum-values";
import { pageLocale } from "@/i18n/page-locale";

export const dynamic = "force-dynamic";

const BASE = "/api/admin/exports";

/**
 * What each export holds and who it is for, with plain download links (no JavaScript needed).
 * The downloads themselves check the admin role again and write an audit row each.
 */
export default async function AdminExportsPage({ params }: { params: Promise<{ locale: string }> }) {
  await pageLocale(params);
  await requireUser("admin");
  const t = await getTranslations("exports");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const download = (href: string, label: string, secondary = false) => (
    <li>
      <a href={href} download className={secondary ? "button button-secondary" : "button"}>
        {label}
      </a>
    </li>
  );
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <p className="notice notice-info">{t("audited")}</p>

      <section aria-labelledby="exports-scopes">
        <h2 id="exports-scopes">{t("scopesTitle")}</h2>
        <h3>{t("partnerTitle")}</h3>
        <p>{t("partnerText")}</p>
        <ul>
          <li>{t("partnerLeavesOut")}</li>
          <li>{t("partnerPositions")}</li>
          <li>{t("partnerSources")}</li>
        </ul>
        <h3>{t("internalTitle")}</h3>
        <p className="notice notice-warning">{t("internalText")}</p>
      </section>

      <section aria-labelledby="exports-incidents">
        <h2 id="exports-incidents">{t("incidentsTitle")}</h2>
        <p>{t("incidentsText")}</p>
        <ul>
          {download(`${BASE}/incidents.csv`, t("incidentsCsvPartner"))}
          {download(`${BASE}/incidents.geojson`, t("incidentsGeojsonPartner"))}
          {download(`${BASE}/incidents.csv?scope=internal`, t("incidentsCsvInternal"), true)}
          {download(`${BASE}/incidents.geojson?scope=internal`, t("incidentsGeojsonInternal"), true)}
        </ul>
        <h3 id="exports-filter">{t("filterTitle")}</h3>
        <form method="get" action={`${BASE}/incidents.csv`} className="filters" aria-labelledby="exports-filter">
          <div className="field">
            <label htmlFor="x-scope">{t("scope")}</label>
            <select id="x-scope" name="scope" defaultValue="partner">
              <option value="partner">{t("scopePartner")}</option>
              <option value="internal">{t("scopeInternal")}</option>
            </select>
          </div>
          <DateRangeFields idPrefix="x" labels={{ from: t("from"), to: t("to") }} />
          <FilterSelect id="x-category" name="category" label={t("category")} anyLabel={t("any")} options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: tc(c) }))} />
          <FilterSelect
            id="x-verification"
            name="verification"
            label={t("verification")}
            anyLabel={t("any")}
            options={VERIFICATION_STATES.map((v) => ({ value: v, label: tv(v) }))}
          />
          <div className="field">
            <button type="submit" className="button">
              {t("downloadCsv")}
            </button>
          </div>
          <div className="field">
            <button type="submit" formAction={`${BASE}/incidents.geojson`} className="button button-secondary">
              {t("downloadGeojson")}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="exports-routes">
        <h2 id="exports-routes">{t("routesTitle")}</h2>
        <p>{t("routesText")}</p>
        <ul>
          {download(`${BASE}/routes.csv`, t("routesCsvPartner"))}
          {download(`${BASE}/routes.csv?scope=internal`, t("routesCsvInternal"), true)}
        </ul>
      </section>

      <section aria-labelledby="exports-hxl">
        <h2 id="exports-hxl">{t("hxlTitle")}</h2>
        <p>{t("hxlText")}</p>
        <ul>
          <li>{t("hxlRows")}</li>
          <li>{t("hxlTimes")}</li>
          <li>{t("hxlUnknown")}</li>
          <li>{t("hxlSources")}</li>
          <li>{t("hxlSpreadsheets")}</li>
        </ul>
      </section>
    </main>
  );
}
