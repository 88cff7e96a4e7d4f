import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
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
        <div className="field">
          <label htmlFor="a-action">{t("action")}</label>
          <select id="a-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("any")}</option>
            {families.map((family) => (
              <option key={family} value={family}>
                {t("actionFamily", { family: family.slice(0, -1) })}
              </option>
            ))}
            {vocabulary.actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-entity-type">{t("entityType")}</label>
          <select id="a-entity-type" name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">{t("any")}</option>
            {vocabulary.entityTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-entity-id">{t("entityId")}</label>
          <input id="a-entity-id" name="entityId" maxLength={200} defaultValue={filters.entityId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="a-from">{t("from")}</label>
          <input id="a-from" type="date" name="from" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="a-to">{t("to")}</label>
          <input id="a-to" type="date" name="to" defaultValue={filters.to ?? ""} />
        </div>
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
