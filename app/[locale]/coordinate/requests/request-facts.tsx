import { getTranslations } from "next-intl/server";
import type { PoolRequest } from "@/db/queries/transport-requests";
import { Link } from "@/i18n/navigation";

const HOUR_MS = 60 * 60 * 1000;

/** What every coordinator may see of a request: the needs, how old it is and who has it. Never a personal value. */
export async function RequestFacts({ request, now }: { request: PoolRequest; now: Date }) {
  const t = await getTranslations("requests");
  const ageHours = Math.max(0, Math.floor((now.getTime() - request.createdAt.getTime()) / HOUR_MS));
  // A request by SMS names only its town: the stored placeholders are never shown as facts.
  const known = (field: string, value: string) => (request.unknownFields.includes(field) ? t("unknownValue") : value);
  return (
    <dl className="request-facts">
      <dt>{t("status")}</dt>
      <dd>{t(`status_${request.status}`)}</dd>
      <dt>{t("people")}</dt>
      <dd>{known("peopleCount", t("peopleValue", { people: request.peopleCount, children: request.childrenCount }))}</dd>
      <dt>{t("mobility")}</dt>
      <dd>{known("mobility", t(`mobility_${request.mobility}`))}</dd>
      <dt>{t("pets")}</dt>
      <dd>{known("pets", request.pets ? t("yes") : t("no"))}</dd>
      <dt>{t("medical")}</dt>
      <dd>{known("medicalNeeds", request.medicalNeeds.length > 0 ? request.medicalNeeds.map((m) => t(`medical_${m}`)).join(", ") : "—")}</dd>
      <dt>{t("age")}</dt>
      <dd>{t("ageValue", { hours: ageHours })}</dd>
      <dt>{t("claimedBy")}</dt>
      <dd>
        {request.claimedBy ?? t("unclaimed")}
        {request.claimStale && (
          <strong className="stale-claim">
            {" "}
            <span aria-hidden="true">⚠ </span>
            {t("staleClaim")}
          </strong>
        )}
      </dd>
      <dt>{t("channel")}</dt>
      <dd>{t(`channel_${request.channel}`)}</dd>
      {request.updatesRefused.length > 0 && (
        <>
          <dt>{t("updatesRefused")}</dt>
          {request.updatesRefused.map((channel) => (
            <dd key={channel}>
              <span aria-hidden="true">⚠ </span>
              {t(`updatesRefused_${channel}`)}
            </dd>
          ))}
        </>
      )}
      {request.mergedIntoId && (
        <>
          <dt>{t("mergedInto")}</dt>
          <dd>
            <Link href={`/coordinate/requests/${request.mergedIntoId}`}>{t("mergedIntoLink")}</Link>
          </dd>
        </>
      )}
      {request.possibleDuplicateOfId && !request.mergedIntoId && (
        <>
          <dt>{t("possibleDuplicate")}</dt>
          <dd>
            <Link href={`/coordinate/requests/${request.possibleDuplicateOfId}`}>{t("possibleDuplicateLink")}</Link>
          </dd>
        </>
      )}
    </dl>
  );
}
