import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { DateRangeFields, FilterSelect } from "@/components/forms/filter-fields";
import { Pagination } from "@/components/layout/pagination";
import { getDb } from "@/db";
import { listAuditEntries, listAuditVocabulary } from "@/db/queries/audit-log";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { listHref, withKyivDayRange } from "@/lib/list-filters";
import { loadPageWithin, pageCount } from "@/lib/pagination";
import { AuditEntryItem } from "./audit-entry";
import { auditFiltersSchema } from "./schemas";

export const dynamic = "force-dynamic";

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const filters = auditFiltersSchema.parse(await searchParams);
  const db = await getDb();
  const [{ list, page }, vocabulary] = await Promise.all([
    loadPageWithin(filters.page ?? 1, (p) => listAuditEntries(db, user, withKyivDayRange(filters), p)),
    listAuditVocabulary(db, user),
  ]);
  const t = await getTranslations("audit");
  const families = [...new Set(vocabulary.actions.map((a) => `${a.split(".")[0]}.`))];
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <form method="get" className="filters" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="a-actor">{t("actor")}</label>
          <input id="a-actor" name="actor" type="search" maxLength={320} defaultValue={filters.actor ?? ""} />
        </div>
        <FilterSelect
          id="a-action"
          name="action"
          label={t("action")}
          anyLabel={t("any")}
          value={filters.action}
          options={[
            ...families.map((family) => ({ value: family, label: t("actionFamily", { family: family.slice(0, -1) }) })),
            ...vocabulary.actions.map((action) => ({ value: action, label: action })),
          ]}
        />
        <FilterSelect
          id="a-entity-type"
          name="entityType"
          label={t("entityType")}
          anyLabel={t("any")}
          value={filters.entityType}
          options={vocabulary.entityTypes.map((type) => ({ value: type, label: type }))}
        />
        <div className="field">
          <label htmlFor="a-entity-id">{t("entityId")}</label>
          <input id="a-entity-id" name="entityId" maxLength={200} defaultValue={filters.entityId ?? ""} />
        </div>
        <DateRangeFields idPrefix="a" labels={{ from: t("from"), to: t("to") }} from={filters.from} to={filters.to} />
        <div className="filter-actions">
          <button type="submit" className="button">
            {t("apply")}
          </button>{" "}
          <Link href="/admin/audit">{t("clear")}</Link>
        </div>
      </form>
      <p role="status">{t("count", { count: list.total })}</p>
      <ol className="audit-log">
        {list.rows.map((entry) => (
          <AuditEntryItem key={entry.id} entry={entry} locale={locale} />
        ))}
      </ol>
      <Pagination page={page} pages={pageCount(list)} hrefFor={(p) => listHref("/admin/audit", filters, p)} />
    </main>
  );
}
