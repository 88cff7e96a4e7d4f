import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listReceptionPoints } from "@/db/queries/reception-points";
import { MANIFEST_STATUSES } from "@/db/queries/run-manifests";
import { getTransportRun, listAssignableRequests, listRunAssignments, listTransportRuns } from "@/db/queries/transport-runs";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { shownText } from "@/lib/localized-text";
import { toPlaceLocalInput } from "@/lib/time";
import { nextTransportRunStatuses, runIsEditable, runTakesAssignments, runTakesOutcomes } from "@/lib/transport-runs";
import { AssignForm, AssignmentActions, RescheduleForm, RunReceptionPointForm, RunStatusForm } from "../run-forms";
import { RunAlert, RunFacts } from "../run-summary";

export const dynamic = "force-dynamic";

const DONE = ["created", "assigned", "moved", "removed", "outcome", "status", "rescheduled", "receptionPoint"] as const;

/**
 * One of the organisation's runs: who is on it in pickup order (reference codes and needs, no
 * personal value: the manifest is its own audited page), what to do next, and the outcomes.
 * Another organisation's run is a 404, as a missing one.
 */
export default async function RunPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ done?: string }> }) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const run = await getTransportRun(db, user, { id: id.toLowerCase() });
  if (!run) notFound();
  const [assignments, assignable, allRuns, points] = await Promise.all([
    listRunAssignments(db, user, { runId: run.id }),
    listAssignableRequests(db, user, { runId: run.id }),
    listTransportRuns(db, user),
    listReceptionPoints(db, user),
  ]);
  const destinationPoints = points.filter((p) => p.townSlug === run.destinationTownSlug).map((p) => ({ value: p.id, label: shownText(p.name, locale)?.text ?? p.id }));
  const currentPoint = points.find((p) => p.id === run.receptionPointId);
  const { done } = await searchParams;
  const t = await getTranslations("runs");
  const tr = await getTranslations("requests");
  const tm = await getTranslations("runManifest");
  const otherRuns = allRuns.filter((r) => r.id !== run.id && runTakesAssignments(r.status)).map((r) => ({ value: r.id, label: `${r.referenceCode} · ${t(`vehicle_${r.vehicle}`)}` }));
  const needs = (r: { peopleCount: number; mobility: string; pets: boolean }) =>
    [t("people", { n: r.peopleCount }), tr(`mobility_${r.mobility}`), r.pets ? t("withPets") : null].filter(Boolean).join(", ");
  const meeting = shownText(run.assemblyPoint, locale) ?? shownText(run.routeAssemblyPoint, locale);
  return (
    <main id="main">
      <h1>{t("runHeading", { reference: run.referenceCode, vehicle: t(`vehicle_${run.vehicle}`) })}</h1>
      {DONE.includes(done as (typeof DONE)[number]) && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`done_${done as (typeof DONE)[number]}`)}
        </p>
      )}
      <p>
        <Link href="/coordinate/runs">{t("backToRuns")}</Link>
      </p>
      {/* Route handlers, not pages: plain links, a full load each (the manifest's opening is audited). */}
      <ul className="run-documents">
        {MANIFEST_STATUSES.includes(run.status) && (
          <li>
            <a href={`/${locale}/coordinate/runs/${run.id}/manifest`}>{tm("openManifest")}</a>
          </li>
        )}
        <li>
          <a href={`/${locale}/coordinate/runs/${run.id}/movement-notice`}>{tm("movementNotice")}</a>
        </li>
      </ul>
      <RunAlert run={run} />
      <RunFacts run={run} locale={locale} />
      <p>
        {t("receptionPoint")}: {currentPoint ? <Link href={`/coordinate/reception/${currentPoint.id}`}>{shownText(currentPoint.name, locale)?.text}</Link> : t("noReceptionPoint")}
      </p>
      <p>
        {t("meetingPlace")}: {meeting ? <span lang={meeting.lang}>{meeting.text}</span> : run.routeId ? t("meetingPlaceNone") : t("doorToDoor")}
      </p>

      {nextTransportRunStatuses(run.status).length > 0 && (
        <section aria-labelledby="lifecycle-title">
          <h2 id="lifecycle-title">{t("lifecycle")}</h2>
          <RunStatusForm id={run.id} version={run.version} next={nextTransportRunStatuses(run.status)} hasReceptionPoint={run.receptionPointId !== null} />
        </section>
      )}

      <section aria-labelledby="people-title">
        <h2 id="people-title">{t("peopleOnRun")}</h2>
        {assignments.length === 0 && <p>{t("nobodyYet")}</p>}
        <ol className="run-assignments">
          {assignments.map((a) => (
            <li key={a.id} data-assignment={a.requestId}>
              <p>
                <Link href={`/coordinate/requests/${a.requestId}`}>{a.referenceCode}</Link>: {needs(a)}
                {a.outcome && ` — ${t(`outcome_${a.outcome}`)}`}
              </p>
              <AssignmentActions
                runId={run.id}
                requestId={a.requestId}
                reference={a.referenceCode}
                otherRuns={otherRuns}
                canChange={a.outcome === null && runTakesAssignments(run.status)}
                canRecord={a.outcome === null && runTakesOutcomes(run.status)}
              />
            </li>
          ))}
        </ol>
      </section>

      {runTakesAssignments(run.status) && (
        <section aria-labelledby="assign-title">
          <h2 id="assign-title">{t("assignTitle")}</h2>
          <p className="hint">{t("assignHint")}</p>
          <AssignForm runId={run.id} requests={assignable.map((r) => ({ value: r.id, label: `${r.referenceCode}: ${needs(r)}` }))} />
        </section>
      )}

      {runTakesAssignments(run.status) && (
        <section aria-labelledby="reception-point-title">
          <h2 id="reception-point-title">{t("receptionPointTitle")}</h2>
          <p className="hint">{t("receptionPointHint")}</p>
          <RunReceptionPointForm id={run.id} version={run.version} current={run.receptionPointId} points={destinationPoints} />
        </section>
      )}

      {runIsEditable(run.status) && (
        <section aria-labelledby="reschedule-title">
          <h2 id="reschedule-title">{t("rescheduleTitle")}</h2>
          <p className="hint">{t("rescheduleHint")}</p>
          <RescheduleForm id={run.id} version={run.version} departsFrom={toPlaceLocalInput(run.departsFrom)} departsUntil={toPlaceLocalInput(run.departsUntil)} assemblyPoint={run.assemblyPoint} />
        </section>
      )}
    </main>
  );
}
