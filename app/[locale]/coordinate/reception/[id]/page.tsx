import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { getReceptionPoint } from "@/db/queries/reception-points";
import { listTownPoints } from "@/db/queries/towns";
import { listRunsToReceptionPoint } from "@/db/queries/transport-runs";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { receptionReport } from "@/lib/reception-report";
import { receptionReportText } from "@/lib/reception-report-text";
import { formatStaffTime } from "@/lib/time";
import { ConfirmReceptionPointForm, ReceptionPointForm } from "../reception-form";

export const dynamic = "force-dynamic";

export default async function ReceptionPointPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const point = await getReceptionPoint(db, user, { id });
  if (!point) notFound();
  const [towns, incoming] = await Promise.all([point.canEdit ? listTownPoints(db, user) : Promise.resolve([]), listRunsToReceptionPoint(db, user, { receptionPointId: point.id })]);
  const { saved } = await searchParams;
  const t = await getTranslations("receptionStaff");
  const tr = await getTranslations("receptionReport");
  const report = receptionReport(point, new Date());
  const text = receptionReportText(report, locale);
  return (
    <main id="main">
      <h1>
        <LocalizedTextView value={point.name} />
      </h1>
      {saved === "1" && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t("saved")}
        </p>
      )}
      <p>
        <strong>{text.status}</strong> · {text.beds}
      </p>
      <p className={report.fresh ? "meta" : "meta freshness stale"}>
        {text.confirmation} · {t("keptBy", { organisation: point.organisation })}
      </p>
      {point.canEdit ? (
        <>
          <ConfirmReceptionPointForm id={point.id} version={point.version} />
          <h2>{t("editTitle")}</h2>
          <ReceptionPointForm
            point={{ ...point, services: [...point.services] }}
            towns={towns.map((town) => ({ value: town.id, label: localizedName(town, locale) }))}
          />
        </>
      ) : (
        <p className="intro">{t("notYours", { organisation: point.organisation })}</p>
      )}
      <section aria-labelledby="incoming-title">
        <h2 id="incoming-title">{t("incomingTitle")}</h2>
        <p className="hint">{t("incomingHint")}</p>
        {incoming.length === 0 ? (
          <p>{t("incomingNone")}</p>
        ) : (
          <ul className="incoming-runs">
            {incoming.map((run, i) => {
              const line = t("incomingRun", {
                town: localizedName(run.townName, locale),
                people: run.seatsTaken + run.wheelchairPlacesTaken + run.stretcherPlacesTaken,
                wheelchair: run.wheelchairPlacesTaken,
                stretcher: run.stretcherPlacesTaken,
                from: formatStaffTime(run.departsFrom, locale),
                until: formatStaffTime(run.departsUntil, locale),
                status: t(`incomingStatus_${run.status as "planned" | "boarding" | "departed"}`),
              });
              return (
                <li key={run.own?.id ?? i} data-incoming-status={run.status}>
                  {run.own ? <Link href={`/coordinate/runs/${run.own.id}`}>{run.own.referenceCode}</Link> : null}
                  {run.own ? ": " : null}
                  {line}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <h2>{t("historyTitle")}</h2>
      <ol className="history">
        {point.history.map((h) => (
          <li key={h.version}>
            {formatStaffTime(h.at, locale)} · {t(`event_${h.kind}`)} · {tr(`status_${h.status}`)} · {t("historyBeds", { free: h.bedsFree, total: h.bedsTotal })}
            {h.by ? ` · ${h.by}` : ""}
          </li>
        ))}
      </ol>
    </main>
  );
}
