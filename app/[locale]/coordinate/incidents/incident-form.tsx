"use client";

import { useActionState, useCallback, useId, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { RecordFields } from "@/components/forms/record-fields";
import { SourcesFieldset, type SourceRowValues } from "@/components/forms/sources-fieldset";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf, valuesOf } from "@/components/forms/use-field-error";
import { PointField, type PointFieldLabels } from "@/components/map/point-field";
import type { MapPoint, MapTown } from "@/components/map/types";
import { LocalizedTextView } from "@/components/status/localized-text";
import { GEO_PRECISIONS, INCIDENT_CATEGORIES, TIME_PRECISIONS } from "@/lib/enum-values";
import type { LonLat } from "@/db/schema/routes";
import type { MapTiles } from "@/env";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import type { IncidentInput } from "@/lib/forms/incident-schema";
import { CASUALTIES_CONFIRM_ABOVE, CASUALTIES_MAX, INCIDENT_INTERNAL_MAX, INCIDENT_TEXT_MAX } from "@/lib/forms/limits";
import type { LocalizedText } from "@/lib/localized-text";
import { routesNear } from "@/lib/geo/proximity";
import { COORDINATOR_VERIFICATIONS } from "@/lib/incident-review";
import { toPlaceLocalInput } from "@/lib/time";
import { createIncidentAction, updateIncidentAction } from "./actions";

/** Fills "When it happened" with the current Kyiv wall-clock time. */
function setToNow(form: HTMLFormElement | null) {
  const input = form?.elements.namedItem("occurredAt");
  if (input instanceof HTMLInputElement) input.value = toPlaceLocalInput(new Date());
}

/**
 * An incident as its edit form shows it: what is written (IncidentInput), with the time and
 * sources as the inputs hold them, no town as "", and the version the coordinator saw.
 */
export type IncidentFormValues = Omit<IncidentInput, "occurredAt" | "townId" | "sources"> & {
  id: string;
  version: number;
  occurredAt: string;
  townId: string;
  sources: SourceRowValues[];
};

type RouteOption = { id: string; label: string; waypoints: LonLat[] };


export function IncidentForm({
  incident,
  chosenTownId,
  towns,
  routes,
  townChosen,
  agreements,
  flagKm,
  tiles,
  mapLabels,
}: {
  incident?: IncidentFormValues;
  /** The town chosen above the form, where a new incident starts. */
  chosenTownId?: string;
  towns: (MapTown & { id: string })[];
  /** The chosen town's routes and those the incident names: never every route. */
  routes: RouteOption[];
  townChosen: boolean;
  agreements: { id: string; title: LocalizedText }[];
  flagKm: number;
  tiles: MapTiles;
  mapLabels: PointFieldLabels;
}) {
  const [state, action] = useActionState(incident ? updateIncidentAction : createIncidentAction, IDLE);
  const t = useTranslations("incidents");
  const tc = useTranslations("category");
  const tv = useTranslations("verification");
  const tr = useTranslations("routeChoice");
  const locale = useLocale();
  const errorText = useErrorText();
  const [point, setPoint] = useState<MapPoint | null>(null);
  const [townId, setTownId] = useState(() => valueOf(state, "townId", incident?.townId ?? chosenTownId));
  const town = towns.find((candidate) => candidate.id === townId);
  const [mapKey, setMapKey] = useState(0);
  const onTownChange = (next: string) => {
    setTownId(next);
    if (!point) setMapKey((n) => n + 1);
  };
  const onPointChange = useCallback((next: MapPoint | null) => setPoint(next), []);
  // The same place the server flags from: the point, else the town.
  const at = point ?? (town ? { lat: town.lat, lon: town.lon } : null);
  const near = new Map(at ? routesNear(at, routes, flagKm).map((n) => [n.route.id, n.km]) : []);
  const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const checkedRoutes = valuesOf(state, "routeIds", incident?.routeIds ?? []);
  const checkedAgreements = valuesOf(state, "agreementIds", incident?.agreementIds ?? []);
  const adminVerification = incident && !COORDINATOR_VERIFICATIONS.includes(incident.verification);
  const orderedRoutes = [...routes].sort((a, b) => (near.get(a.id) ?? Infinity) - (near.get(b.id) ?? Infinity));

  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={incident} state={state} />
      <SelectField
        name="category"
        label={t("category")}
        state={state}
        defaultValue={incident?.category}
        placeholder={t("chooseCategory")}
        options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: tc(c) }))}
        required
      />
      <TextField name="occurredAt" type="datetime-local" label={t("occurredAt")} hint={t("occurredAtHint")} state={state} defaultValue={incident?.occurredAt} required />
      <p className="field-action">
        {/* Most incidents are logged as they happen: one tap instead of typing the date and time. */}
        <button type="button" className="button button-secondary" onClick={(event) => setToNow(event.currentTarget.form)}>
          {t("occurredAtNow")}
        </button>
      </p>
      <SelectField
        name="occurredPrecision"
        label={t("occurredPrecision")}
        state={state}
        defaultValue={incident?.occurredPrecision ?? "day"}
        options={TIME_PRECISIONS.map((p) => ({ value: p, label: t(`timePrecision_${p}`) }))}
      />
      <SelectField
        name="townId"
        label={t("town")}
        hint={t("locationHint")}
        state={state}
        defaultValue={incident?.townId ?? chosenTownId}
        placeholder={t("noTown")}
        options={towns.map((option) => ({ value: option.id, label: option.name }))}
        onChange={onTownChange}
      />
      {/* Until a point is placed, choosing a town re-centres the map on it, so the point can be
          clicked at street scale (a route within 2 km is a few pixels at country scale). */}
      <PointField
        key={mapKey}
        focus={town ? [{ lat: town.lat, lon: town.lon }] : []}
        latName="lat"
        lonName="lon"
        defaultLat={valueOf(state, "lat", incident?.lat)}
        defaultLon={valueOf(state, "lon", incident?.lon)}
        towns={towns}
        tiles={tiles}
        latError={errorText(fieldErrorOf(state, "lat"))}
        lonError={errorText(fieldErrorOf(state, "lon"))}
        labels={mapLabels}
        onPointChange={onPointChange}
      />
      <SelectField
        name="geoPrecision"
        label={t("geoPrecision")}
        state={state}
        defaultValue={incident?.geoPrecision ?? "place"}
        options={GEO_PRECISIONS.map((p) => ({ value: p, label: t(`geoPrecision_${p}`) }))}
      />
      <CasualtiesFieldset state={state} incident={incident} />
      <LocalizedTextFields
        name="publicSummary"
        legend={t("publicSummary")}
        hint={t("publicSummaryHint")}
        state={state}
        defaultValue={incident?.publicSummary}
        limit={INCIDENT_TEXT_MAX}
        required
        multiline
      />
      <TextAreaField
        name="internalDescription"
        label={t("internalDescription")}
        hint={t("internalDescriptionHint")}
        state={state}
        defaultValue={incident?.internalDescription}
        limit={INCIDENT_INTERNAL_MAX}
        rows={4}
      />
      {adminVerification ? (
        <p>
          <input type="hidden" name="verification" value={incident.verification} />
          {t("verificationByAdmin", { state: tv(incident.verification) })}
        </p>
      ) : (
        <SelectField
          name="verification"
          label={t("verification")}
          hint={t("verificationHint")}
          state={state}
          defaultValue={incident?.verification ?? "unverified"}
          options={COORDINATOR_VERIFICATIONS.map((v) => ({ value: v, label: tv(v) }))}
        />
      )}
      <SourcesFieldset state={state} legend={t("sources")} initial={incident?.sources} />
      <fieldset className="checkbox-list">
        <legend>{t("linkedRoutes")}</legend>
        <p className="hint">{t("linkedRoutesHint", { km: km.format(flagKm) })}</p>
        {orderedRoutes.length === 0 && <p>{townChosen ? tr("noRoutesForTown") : tr("chooseTownFirst")}</p>}
        {errorText(fieldErrorOf(state, "routeIds")) && <p className="field-error">{errorText(fieldErrorOf(state, "routeIds"))}</p>}
        {orderedRoutes.map((route) => {
          const distance = near.get(route.id);
          return (
            <label key={route.id} className="checkbox">
              <input type="checkbox" name="routeIds[]" value={route.id} defaultChecked={checkedRoutes.includes(route.id)} /> {route.label}
              {distance !== undefined && <strong className="suggested"> · {t("nearRoute", { km: km.format(distance) })}</strong>}
            </label>
          );
        })}
      </fieldset>
      {agreements.length > 0 && (
        <fieldset className="checkbox-list">
          <legend>{t("linkedAgreements")}</legend>
          {agreements.map((agreement) => (
            <label key={agreement.id} className="checkbox">
              <input type="checkbox" name="agreementIds[]" value={agreement.id} defaultChecked={checkedAgreements.includes(agreement.id)} />{" "}
              <LocalizedTextView value={agreement.title} />
            </label>
          ))}
        </fieldset>
      )}
      <SubmitButton>{incident ? t("save") : t("log")}</SubmitButton>
    </form>
  );
}

const CASUALTY_FIELDS = ["killed", "injured", "missing"] as const;
type CasualtyField = (typeof CASUALTY_FIELDS)[number];

/** The figures typed so far that are above the bound for one incident, as whole numbers. */
function figuresAbove(values: Record<CasualtyField, string>): [CasualtyField, number][] {
  return CASUALTY_FIELDS.flatMap((field) => {
    const typed = values[field].trim();
    const n = /^\d+$/.test(typed) ? Number(typed) : NaN;
    // Above CASUALTIES_MAX the figure is refused as out of range: nothing to confirm.
    return n > CASUALTIES_CONFIRM_ABOVE && n <= CASUALTIES_MAX ? [[field, n] as [CasualtyField, number]] : [];
  });
}

/**
 * Killed, injured, missing; blank is unknown. A figure above CASUALTIES_CONFIRM_ABOVE for one
 * incident (a typo with an extra zero, a town's toll typed as one incident's) would be published
 * as fact, so it asks "I have checked: 2,000 killed in one incident" and says why. The question
 * appears as the figure is typed; without JavaScript the server asks it after the first submit.
 */
function CasualtiesFieldset({ state, incident }: { state: FormState; incident?: IncidentFormValues }) {
  const t = useTranslations("incidents");
  const tc = useTranslations("coordinate.casualtiesCheck");
  const locale = useLocale();
  const errorText = useErrorText();
  const confirmId = useId();
  const [values, setValues] = useState(() =>
    Object.fromEntries(CASUALTY_FIELDS.map((f) => [f, valueOf(state, f, incident?.[f])])) as Record<CasualtyField, string>,
  );
  const high = figuresAbove(values);
  // Figures already stored and unchanged were confirmed when they were saved.
  const stored = incident ? figuresAbove(Object.fromEntries(CASUALTY_FIELDS.map((f) => [f, String(incident[f] ?? "")])) as Record<CasualtyField, string>) : [];
  const highKey = high.map(([f, n]) => `${f}:${n}`).join(",");
  const storedKey = stored.map(([f, n]) => `${f}:${n}`).join(",");
  const submittedConfirmed = state.status === "invalid" || state.status === "conflict" ? state.values.casualtiesConfirmed === "1" : undefined;
  const [confirmed, setConfirmed] = useState<{ key: string; checked: boolean }>(() => ({
    key: highKey,
    checked: submittedConfirmed ?? (highKey !== "" && highKey === storedKey),
  }));
  // A confirmation is of these figures: changing one asks again.
  const checked = confirmed.key === highKey && confirmed.checked;
  const error = errorText(fieldErrorOf(state, "casualtiesConfirmed"));
  const number = new Intl.NumberFormat(locale);
  const figures = high.map(([field, n]) => tc(`figure_${field}`, { count: number.format(n) })).join(", ");
  return (
    <fieldset
      className="casualties"
      onInput={(event) => {
        const target = event.target as HTMLInputElement;
        if ((CASUALTY_FIELDS as readonly string[]).includes(target.name)) setValues((v) => ({ ...v, [target.name]: target.value }));
      }}
    >
      <legend>{t("casualties")}</legend>
      <p className="hint">{t("casualtiesHint")}</p>
      {CASUALTY_FIELDS.map((name) => (
        <TextField key={name} name={name} label={t(name)} state={state} defaultValue={incident?.[name]} inputMode="numeric" />
      ))}
      {high.length > 0 && (
        <div className={error ? "casualties-check field-invalid" : "casualties-check"}>
          <p className="hint" id={`${confirmId}-why`}>
            {tc("why", { max: number.format(CASUALTIES_CONFIRM_ABOVE) })}
          </p>
          {error && (
            <p className="field-error" id={`${confirmId}-error`}>
              <span aria-hidden="true">⚠ </span>
              {error}
            </p>
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              name="casualtiesConfirmed"
              value="1"
              checked={checked}
              onChange={(event) => setConfirmed({ key: highKey, checked: event.target.checked })}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${confirmId}-why`, error ? `${confirmId}-error` : ""].filter(Boolean).join(" ")}
            />
            {tc("label", { figures })}
          </label>
        </div>
      )}
    </fieldset>
  );
}
