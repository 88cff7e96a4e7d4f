import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listIncidentLinkOptions, listIncidentsForCoordinators } from "@/db/queries/incidents";
import { listTownPoints } from "@/db/queries/towns";
import { INCIDENT_CATEGORIES, VERIFICATION_STATES } from "@/db/schema/enum-values";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { placeDayStart } from "@/lib/local-time";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDateTime } from "@/lib/time";
import { incidentFiltersSchema } from "./schemas";

export const dynamic = "force-dynamic";

export default async function IncidentLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const filters = incidentFiltersSchema.parse(await searchParams);
  const requestedPage = filters.page ?? 1;
  const db = await getDb();
  const to = filters.to ? placeDayStart(filters.to, 1) : null;
  const logFilters = {
    ...filters,
    from: (filters.from && placeDayStart(filters.from)) || undefined,
    // "To" is inclusive of that whole day.
    to: to ? new Date(to.getTime() - 1) : undefined,
  };
  const [firstTry, towns, links] = await Promise.all([
    listIncidentsForCoordinators(db, user, logFilters, requestedPage),
    listTownPoints(db, user),
    listIncidentLinkOptions(db, user),
  ]);
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const pages = Math.max(1, Math.ceil(firstTry.total / firstTry.pageSize));
  // A page past the end (an old link, a typed URL) shows the last page instead of an empty one.
  const page = Math.min(requestedPage, pages);
  const log = page === requestedPage ? firstTry : await listIncidentsForCoordinators(db, user, logFilters, page);
  const count = (n: number | null) => (n === null ? t("unknown") : String(n));
  const query = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, page: p > 1 ? String(p) : undefined })) if (v) q.set(k, String(v));
    const s = q.toString();
    return s ? `/coordinate/incidents?${s}` : "/coordinate/incidents";
  };
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p>
        <Link href="/coordinate/incidents/new" className="button">
          {t("new")}
        </Link>
      </p>
      <form method="get" className="filters" aria-label={t("filters")}>
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
            {links.routes.map((r) => (
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
          <Link href="/coordinate/incidents">{t("clear")}</Link>
        </div>
      </form>
      <p role="status">{t("count", { count: log.total })}</p>
      <ul className="incidents">
        {log.rows.map((i) => (
          <li key={i.id} className="incident" data-incident={i.id}>
            <h2>
              <Link href={`/coordinate/incidents/${i.id}`}>{tc(i.category)}</Link>
            </h2>
            <dl>
              <dt>{t("occurredAt")}</dt>
              <dd>{formatPlaceDateTime(i.occurredAt, locale)}</dd>
              <dt>{t("town")}</dt>
              <dd>{i.town ? localizedName(i.town, locale) : "—"}</dd>
              <dt>{t("casualties")}</dt>
              <dd>
                {t("killed")}: {count(i.killed)} · {t("injured")}: {count(i.injured)} · {t("missing")}: {count(i.missing)}
              </dd>
              <dt>{t("verification")}</dt>
              <dd>{tv(i.verification)}</dd>
            </dl>
            <p className="reason">{i.publicSummary}</p>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav aria-label={t("pagination")} className="pagination">
          {page > 1 && <Link href={query(page - 1)}>{t("previous")}</Link>} <span>{t("pageOf", { page, pages })}</span>{" "}
          {page < pages && <Link href={query(page + 1)}>{t("next")}</Link>}
        </nav>
      )}
    </main>
  );
}
