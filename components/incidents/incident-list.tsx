import { getTranslations } from "next-intl/server";
import type { IncidentListPage } from "@/db/queries/incidents";
import { Pagination } from "@/components/layout/pagination";
import { LocalizedTextView } from "@/components/status/localized-text";
import { Link } from "@/i18n/navigation";
import type { IncidentFilterParams } from "@/lib/incident-filters";
import { listHref } from "@/lib/list-filters";
import { pageCount } from "@/lib/pagination";
import { localizedName } from "@/lib/localized-name";
import { formatStaffTime } from "@/lib/time";

/**
 * One page of an incident list with its count and page links. Verification and visibility are
 * written out in words: a reviewer must never have to tell "verified" from "false" by colour.
 */
export async function IncidentList({
  list,
  page,
  basePath,
  filters,
  locale,
}: {
  list: IncidentListPage;
  page: number;
  basePath: string;
  filters: IncidentFilterParams;
  locale: string;
}) {
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tvis = await getTranslations("visibility");
  // Unknown is not zero: a blank count is shown as "unknown".
  const count = (n: number | null) => (n === null ? t("unknown") : String(n));
  return (
    <>
      <p role="status">{t("count", { count: list.total })}</p>
      <ul className="incidents">
        {list.rows.map((i) => (
          <li key={i.id} className="incident" data-incident={i.id}>
            <h2>
              <Link href={`${basePath}/${i.id}`}>{tc(i.category)}</Link>
            </h2>
            <dl>
              <dt>{t("occurredAt")}</dt>
              <dd>{formatStaffTime(i.occurredAt, locale)}</dd>
              <dt>{t("town")}</dt>
              <dd>{i.town ? localizedName(i.town, locale) : "—"}</dd>
              <dt>{t("casualties")}</dt>
              <dd>
                {t("killed")}: {count(i.killed)} · {t("injured")}: {count(i.injured)} · {t("missing")}: {count(i.missing)}
              </dd>
              <dt>{t("verification")}</dt>
              <dd>
                <span className={`verification verification-${i.verification}`}>{tv(i.verification)}</span>
              </dd>
              <dt>{t("visibility")}</dt>
              <dd>{tvis(i.visibility)}</dd>
            </dl>
            <LocalizedTextView value={i.publicSummary} as="p" className="reason" />
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pageCount(list)} hrefFor={(p) => listHref(basePath, filters, p)} />
    </>
  );
}
