import { getTranslations } from "next-intl/server";
import type { TransportRunSummary } from "@/db/queries/transport-runs";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDayTime, formatPlaceTime } from "@/lib/time";

/** A run's facts in words (never colour alone): vehicle, window in Kyiv time, from and to, places taken of each kind. */
export async function RunFacts({ run, locale }: { run: TransportRunSummary; locale: string }) {
  const t = await getTranslations("runs");
  return (
    <dl className="run-facts">
      <dt>{t("vehicle")}</dt>
      <dd>{t(`vehicle_${run.vehicle}`)}</dd>
      <dt>{t("statusLabel")}</dt>
      <dd data-run-status={run.status}>{t(`status_${run.status}`)}</dd>
      <dt>{t("window")}</dt>
      <dd>
        {formatPlaceDayTime(run.departsFrom, locale)}–{formatPlaceTime(run.departsUntil, locale)} {t("kyivTimeShort")}
      </dd>
      <dt>{t("fromTo")}</dt>
      <dd>
        {localizedName(run.townName, locale)} → {localizedName(run.destinationTownName, locale)}
        {run.routeSlug ? ` (${t("onRoute", { route: run.routeSlug })})` : ` (${t("doorToDoor")})`}
      </dd>
      <dt>{t("places")}</dt>
      <dd data-testid="run-places">
        {t("placesTaken", { seats: run.seatsTaken, seatsMax: run.seats, wheelchair: run.wheelchairPlacesTaken, wheelchairMax: run.wheelchairPlaces, stretcher: run.stretcherPlacesTaken, stretcherMax: run.stretcherPlaces })}
        {run.petsAllowed ? `; ${t("petsYes")}` : `; ${t("petsNo")}`}
      </dd>
      {run.arrivedCount !== null && (
        <>
          <dt>{t("arrivedCount")}</dt>
          <dd>{run.arrivedCount}</dd>
        </>
      )}
    </dl>
  );
}

/** The route closed or an incident flagged: a decision for the organisation; nobody on the run has been told. */
export async function RunAlert({ run }: { run: TransportRunSummary }) {
  if (!run.attention) return null;
  const t = await getTranslations("runs");
  return (
    <p className="form-message form-message-error run-alert" role="status">
      <strong>
        <span aria-hidden="true">⚠ </span>
        {t(`attention_${run.attention}`, { reference: run.referenceCode })}
      </strong>{" "}
      {t("attentionNobodyTold")}
    </p>
  );
}
