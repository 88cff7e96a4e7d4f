import { getTranslations } from "next-intl/server";
import { RouteLinkList } from "@/components/routes/route-link-list";
import { SourceLink } from "@/components/sources/source-link";
import { LocalizedTextView } from "@/components/status/localized-text";
import type { CoordinatorIncident } from "@/db/queries/incidents";
import { Link } from "@/i18n/navigation";
import { localizedName } from "@/lib/localized-name";
import { formatStaffTime } from "@/lib/time";

/**
 * An incident's full staff record: when, where, casualties, how sure, who may see it, both
 * texts, its sources and what it is linked to. Internal fields included: staff pages only.
 */
export async function IncidentRecord({ incident, locale }: { incident: CoordinatorIncident; locale: string }) {
  const t = await getTranslations("incidents");
  const tv = await getTranslations("verification");
  const tvis = await getTranslations("visibility");
  const tk = await getTranslations("sourceKind");
  // Unknown is not zero: a blank count is shown as "unknown".
  const count = (n: number | null) => (n === null ? t("unknown") : String(n));
  return (
    <>
      <dl className="details">
        <dt>{t("occurredAt")}</dt>
        <dd>
          {formatStaffTime(incident.occurredAt, locale)} ({t(`timePrecision_${incident.occurredPrecision}`)})
        </dd>
        <dt>{t("reportedAt")}</dt>
        <dd>
          {formatStaffTime(incident.reportedAt, locale)}
          {incident.reportedByEmail && ` · ${incident.reportedByEmail}`}
        </dd>
        <dt>{t("town")}</dt>
        <dd>{incident.town ? localizedName(incident.town, locale) : "—"}</dd>
        <dt>{t("point")}</dt>
        <dd>{incident.lat !== null && incident.lon !== null ? `${incident.lat.toFixed(5)}, ${incident.lon.toFixed(5)}` : "—"}</dd>
        <dt>{t("geoPrecision")}</dt>
        <dd>{t(`geoPrecision_${incident.geoPrecision}`)}</dd>
        <dt>{t("casualties")}</dt>
        <dd>
          {t("killed")}: {count(incident.killed)} · {t("injured")}: {count(incident.injured)} · {t("missing")}: {count(incident.missing)}
        </dd>
        <dt>{t("verification")}</dt>
        <dd>
          <span className={`verification verification-${incident.verification}`}>{tv(incident.verification)}</span>
        </dd>
        <dt>{t("visibility")}</dt>
        <dd>{tvis(incident.visibility)}</dd>
      </dl>
      <h2>{t("publicSummary")}</h2>
      <LocalizedTextView value={incident.publicSummary} as="p" className="reason" />
      <h2>{t("internalDescription")}</h2>
      <p className="reason">{incident.internalDescription || "—"}</p>

      <h2>{t("sources")}</h2>
      <ul>
        {incident.sources.map((s) => (
          <li key={s.id}>
            <SourceLink url={s.url}>{s.outlet}</SourceLink>{" "}
            <span className="meta">
              ({tk(s.kind)}
              {s.publishedAt && `, ${formatStaffTime(s.publishedAt, locale)}`})
            </span>
          </li>
        ))}
      </ul>

      <h2>{t("linkedRoutes")}</h2>
      <RouteLinkList routes={incident.routes} locale={locale} />
      {incident.agreements.length > 0 && (
        <>
          <h2>{t("linkedAgreements")}</h2>
          <ul>
            {incident.agreements.map((a) => (
              <li key={a.id}>
                <Link href={`/coordinate/agreements/${a.id}`}>
                  <LocalizedTextView value={a.title} />
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
