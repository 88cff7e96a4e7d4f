"use client";

import { useActionState, useCallback, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { RecordFields } from "@/components/forms/record-fields";
import { SourcesFieldset, type SourceRowValues } from "@/components/forms/sources-fieldset";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf, valuesOf } from "@/components/forms/use-field-error";
import { PointField, type PointFieldLabels } from "@/components/map/point-field";
import type { MapPoint, MapTown } from "@/components/map/types";
import { GEO_PRECISIONS, INCIDENT_CATEGORIES, TIME_PRECISIONS, type VerificationState } from "@/lib/enum-values";
import type { LonLat } from "@/db/schema/routes";
import type { MapTiles } from "@/env";
import { IDLE } from "@/lib/forms/form-state";
import { INCIDENT_TEXT_MAX } from "@/lib/forms/limits";
import { routesNear } from "@/lib/geo/proximity";
import { COORDINATOR_VERIFICATIONS } from "@/lib/incident-review";
import { createIncidentAction, updateIncidentAction } from "./actions";

export type IncidentFormValues = {
  id: string;
  version: number;
  category: string;
  occurredAt: string;
  occurredPrecision: string;
  townId: string;
  lat: number | null;
  lon: number | null;
  geoPrecision: string;
  killed: number | null;
  injured: number | null;
  missing: number | null;
  publicSummary: string;
  internalDescription: string;
  verification: VerificationState;
  sources: SourceRowValues[];
  routeIds: string[];
  agreementIds: string[];
};

type RouteOption = { id: string; label: string; waypoints: LonLat[] };


export function IncidentForm({
  incident,
  towns,
  routes,
  agreements,
  flagKm,
  tiles,
  mapLabels,
}: {
  incident?: IncidentFormValues;
  towns: (MapTown & { id: string })[];
  routes: RouteOption[];
  agreements: { id: string; title: string }[];
  flagKm: number;
  tiles: MapTiles;
  mapLabels: PointFieldLabels;
}) {
  const [state, action] = useActionState(incident ? updateIncidentAction : createIncidentAction, IDLE);
  const t = useTranslations("incidents");
  const tc = useTranslations("category");
  const tv = useTranslations("verification");
  const locale = useLocale();
  const errorText = useErrorText();
  const [point, setPoint] = useState<MapPoint | null>(null);
  const [townId, setTownId] = useState(() => valueOf(state, "townId", incident?.townId));
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
        defaultValue={incident?.townId}
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
      <fieldset className="casualties">
        <legend>{t("casualties")}</legend>
        <p className="hint">{t("casualtiesHint")}</p>
        {(["killed", "injured", "missing"] as const).map((name) => (
          <TextField key={name} name={name} label={t(name)} state={state} defaultValue={incident?.[name]} inputMode="numeric" />
        ))}
      </fieldset>
      <TextAreaField name="publicSummary" label={t("publicSummary")} hint={t("publicSummaryHint")} state={state} defaultValue={incident?.publicSummary} maxLength={INCIDENT_TEXT_MAX} required />
      <TextAreaField
        name="internalDescription"
        label={t("internalDescription")}
        hint={t("internalDescriptionHint")}
        state={state}
        defaultValue={incident?.internalDescription}
        maxLength={INCIDENT_TEXT_MAX * 4}
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
              <input type="checkbox" name="agreementIds[]" value={agreement.id} defaultChecked={checkedAgreements.includes(agreement.id)} /> {agreement.title}
            </label>
          ))}
        </fieldset>
      )}
      <SubmitButton>{incident ? t("save") : t("log")}</SubmitButton>
    </form>
  );
}
