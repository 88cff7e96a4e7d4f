import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getPoolTransportRequest, listRelatedTransportRequests, type RelatedRequest } from "@/db/queries/transport-requests";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { roleSatisfies } from "@/lib/roles";
import { nextTransportRequestStatuses } from "@/lib/transport-requests";
import { revealTransportRequest } from "@/server/transport-requests/reveal";
import { RequestFacts } from "../request-facts";
import { ClaimButton, MergeForm, MergeHereButton, ReleaseButton, RequestStatusForm } from "../request-forms";

export const dynamic = "force-dynamic";

const DONE = ["claimed", "released", "status", "merged", "mergedHere"] as const;
const HOUR_MS = 60 * 60 * 1000;

/**
 * One request. Its personal details are opened only for the organisation that claimed it and for
 * admins, through the audited reveal: every visit of this page by them is recorded. Anyone else
 * gets the same facts as the pool, and the details never reach their page or its payload.
 */
export default async function RequestPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: Promise<{ done?: string }> }) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const now = new Date();
  const request = await getPoolTransportRequest(db, user, { id: id.toLowerCase(), now });
  if (!request) notFound();
  const mayAct = request.claimedByMe || roleSatisfies(user.role, "admin");
  const revealed = mayAct ? await revealTransportRequest(db, user, request.id) : null;
  // Found by keyed hashes and links only, for whoever may act on this request: nothing is opened.
  const related = mayAct ? await listRelatedTransportRequests(db, user, { id: request.id }) : null;
  const { done } = await searchParams;
  const t = await getTranslations("requests");
  const next = nextTransportRequestStatuses(request.status);
  const open = next.length > 0;
  const ageOf = (createdAt: Date) => t("ageValue", { hours: Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / HOUR_MS)) });
  const claimable = open && (request.claimedBy === null || (request.claimStale && !request.claimedByMe));
  return (
    <main id="main">
      <h1>{t("requestTitle", { town: localizedName(request.townName, locale) })}</h1>
      {DONE.includes(done as (typeof DONE)[number]) && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`done_${done as (typeof DONE)[number]}`)}
        </p>
      )}
      <p>
        <Link href="/coordinate/requests">{t("backToPool")}</Link>
      </p>
      <RequestFacts request={request} now={now} />
      {claimable && <ClaimButton id={request.id} version={request.version} takeOver={request.claimedBy !== null} />}

      <section aria-labelledby="request-personal-title">
        <h2 id="request-personal-title">{t("personalTitle")}</h2>
        {!revealed ? (
          <p>{t("personalHidden")}</p>
        ) : !revealed.personal ? (
          <p>{t("personalErased")}</p>
        ) : (
          <>
            <p className="hint">{t("personalAudited")}</p>
            <dl className="request-personal">
              <dt>{t("referenceCode")}</dt>
              <dd>{revealed.referenceCode}</dd>
              <dt>{t("name")}</dt>
              <dd>{revealed.personal.name || "—"}</dd>
              <dt>{t("phone")}</dt>
              <dd>{revealed.personal.phone ? <a href={`tel:${revealed.personal.phone}`}>{revealed.personal.phone}</a> : "—"}</dd>
              <dt>{t("telegram")}</dt>
              <dd>{revealed.personal.telegram || "—"}</dd>
              <dt>{t("address")}</dt>
              <dd>{revealed.personal.address || "—"}</dd>
              {revealed.personal.point && (
                <>
                  <dt>{t("point")}</dt>
                  <dd>
                    <a href={`geo:${revealed.personal.point.lat},${revealed.personal.point.lon}`}>
                      {revealed.personal.point.lat},{revealed.personal.point.lon}
                    </a>
                  </dd>
                </>
              )}
              <dt>{t("medicalNote")}</dt>
              <dd>{revealed.personal.medicalNote || "—"}</dd>
              {revealed.personal.noContactReason && (
                <>
                  <dt>{t("noContactReason")}</dt>
                  <dd>{revealed.personal.noContactReason}</dd>
                </>
              )}
            </dl>
          </>
        )}
      </section>

      {mayAct && open && (
        <section aria-labelledby="request-status-title">
          <h2 id="request-status-title">{t("statusTitle")}</h2>
          <RequestStatusForm id={request.id} version={request.version} next={next.filter((s) => s !== "duplicate")} />
          {request.claimedBy !== null && <ReleaseButton id={request.id} version={request.version} />}
        </section>
      )}

      {related && related.possibleDuplicates.length > 0 && (
        <section aria-labelledby="request-related-title">
          <h2 id="request-related-title">{t("relatedTitle")}</h2>
          <p className="hint">{t("relatedHint")}</p>
          <ul className="request-related">
            {related.possibleDuplicates.map((other) => (
              <li key={other.id}>
                <RelatedLink other={other} age={ageOf(other.createdAt)} />
                {" — "}
                {t(`relatedReason_${other.reason}`)}
                {other.mergeable ? (
                  <MergeHereButton duplicate={{ id: other.id, version: other.version }} intoId={request.id} label={t("mergeHere", { age: ageOf(other.createdAt) })} />
                ) : (
                  open && other.claimedBy && <p className="hint">{t("mergeHereHeldElsewhere", { organisation: other.claimedBy })}</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {related && related.mergedFrom.length > 0 && (
        <section aria-labelledby="request-merged-from-title">
          <h2 id="request-merged-from-title">{t("mergedFromTitle")}</h2>
          <p className="hint">{t("mergedFromHint")}</p>
          <ul className="request-related">
            {related.mergedFrom.map((other) => (
              <li key={other.id}>
                <RelatedLink other={other} age={ageOf(other.createdAt)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {mayAct && open && (
        <section aria-labelledby="request-merge-title">
          <h2 id="request-merge-title">{t("mergeTitle")}</h2>
          <MergeForm id={request.id} version={request.version} suggested={request.possibleDuplicateOfId} />
        </section>
      )}
    </main>
  );
}

/** Another request, named by its age, status and holder: never by anything of its requester. */
async function RelatedLink({ other, age }: { other: RelatedRequest; age: string }) {
  const t = await getTranslations("requests");
  return (
    <>
      <Link href={`/coordinate/requests/${other.id}`}>{t("relatedRequest", { age })}</Link>
      {` — ${t(`status_${other.status}`)} — ${other.claimedBy ?? t("unclaimed")}`}
    </>
  );
}
