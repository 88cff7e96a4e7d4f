import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getIncidentForCoordinator } from "@/db/queries/incidents";
import { SourceLink } from "@/components/sources/source-link";
import { Link } from "@/i18n/navigation";
import { RouteLinkList } from "../../route-link-list";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDateTime } from "@/lib/time";
import { mayEdit } from "../may-edit";
import { RevisionList } from "./revision-list";

export const dynamic = "force-dynamic";

export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string; flagged?: string }>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncidentForCoordinator(await getDb(), user, id);
  if (!incident) notFound();
  const { saved, flagged } = await searchParams;
  const flaggedSlugs = (flagged ?? "").split(",").filter((s) => /^[a-z0-9-]{1,120}$/.test(s));
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tvis = await getTranslations("visibility");
  const tk = await getTranslations("sourceKind");
  // Unknown is not zero: a blank count is shown as "unknown".
  const count = (n: number | null) => (n === null ? t("unknown") : String(n));
  return (
    <main id="main" className="wide">
      <h1>{tc(incident.category)}</h1>
      {saved === "1" && (
        <div className="form-message form-message-ok" role="status">
          <p>
            <span aria-hidden="true">✓ </span>
            {t("saved")}
          </p>
          {flaggedSlugs.length > 0 && <p>{t("flaggedRoutes", { routes: flaggedSlugs.join(", ") })}</p>}
        </div>
      )}
      {mayEdit(incident, user) ? (
        <p>
          <Link href={`/coordinate/incidents/${incident.id}/edit`}>{t("edit")}</Link>
        </p>
      ) : (
        <p className="intro">{t("reviewedByAdmin")}</p>
      )}
      <dl className="details">
        <dt>{t("occurredAt")}</dt>
        <dd>
          {formatPlaceDateTime(incident.occurredAt, locale)} ({t(`timePrecision_${incident.occurredPrecision}`)})
        </dd>
        <dt>{t("reportedAt")}</dt>
        <dd>
          {formatPlaceDateTime(incident.reportedAt, locale)}
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
        <dd>{tv(incident.verification)}</dd>
        <dt>{t("visibility")}</dt>
        <dd>{tvis(incident.visibility)}</dd>
      </dl>
      <h2>{t("publicSummary")}</h2>
      <p className="reason">{incident.publicSummary}</p>
      <h2>{t("internalDescription")}</h2>
      <p className="reason">{incident.internalDescription || "—"}</p>

      <h2>{t("sources")}</h2>
      <ul>
        {incident.sources.map((s) => (
          <li key={s.id}>
            <SourceLink url={s.url}>{s.outlet}</SourceLink>{" "}
            <span className="meta">
              ({tk(s.kind)}
              {s.publishedAt && `, ${formatPlaceDateTime(s.publishedAt, locale)}`})
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
                <Link href={`/coordinate/agreements/${a.id}`}>{a.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t("revisions")}</h2>
      <RevisionList revisions={incident.revisions} locale={locale} />
    </main>
  );
}
