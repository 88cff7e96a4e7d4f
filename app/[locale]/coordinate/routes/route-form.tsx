"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { PointField, type PointFieldLabels } from "@/components/map/point-field";
import type { MapTown } from "@/components/map/types";
import { WaypointsField, type WaypointsFieldLabels } from "@/components/map/waypoints-field";
import { ROUTE_MODES } from "@/lib/enum-values";
import type { LonLat } from "@/db/schema/routes";
import type { MapTiles } from "@/env";
import { DEFAULT_FRESHNESS_WINDOW_HOURS } from "@/lib/freshness";
import { IDLE } from "@/lib/forms/form-state";
import { ASSEMBLY_POINT_MAX, SCHEDULE_MAX } from "@/lib/forms/limits";
import type { LocalizedText } from "@/lib/localized-text";
import { createRouteAction, updateRouteAction } from "./actions";

export type RouteFormTown = MapTown & { id: string };

export type RouteFormValues = {
  id: string;
  version: number;
  originTownId: string;
  destinationTownId: string;
  waypoints: LonLat[];
  mode: string;
  assemblyPoint: LocalizedText;
  assemblyPointLat: number | null;
  assemblyPointLon: number | null;
  assemblyPointOpens: string | null;
  assemblyPointCloses: string | null;
  assemblyPointCall: string | null;
  schedule: LocalizedText;
  organisationId: string | null;
  freshnessWindowHours: number;
};

/** Create (no `route`) or edit a route: towns, the line on the map, and what residents act on. */
export function RouteForm({
  route,
  towns,
  organisations,
  tiles,
  mapLabels,
  pointLabels,
}: {
  route?: RouteFormValues;
  towns: RouteFormTown[];
  /** Every organisation, by short name; the route may belong to none. */
  organisations: { value: string; label: string }[];
  tiles: MapTiles;
  mapLabels: WaypointsFieldLabels;
  /** The assembly point's map: click it to set the point, or type the two numbers (no JavaScript needed). */
  pointLabels: PointFieldLabels;
}) {
  const [state, action] = useActionState(route ? updateRouteAction : createRouteAction, IDLE);
  const t = useTranslations("coordinate");
  const tm = useTranslations("mode");
  const errorText = useErrorText();
  const townOptions = towns.map((town) => ({ value: town.id, label: town.name }));
  // The map fits the chosen towns, so drawing starts where the route is, and fits again when
  // another town is chosen. A refused form re-mounts (formKey) with the towns it sent.
  const key = formKey(state);
  const sent = { key, originId: valueOf(state, "originTownId", route?.originTownId), destinationId: valueOf(state, "destinationTownId", route?.destinationTownId) };
  const [chosen, setChosen] = useState(sent);
  if (chosen.key !== key) setChosen(sent);
  const focus = [chosen.originId, chosen.destinationId]
    .map((id) => towns.find((town) => town.id === id))
    .filter((town) => town !== undefined)
    .map(({ lat, lon }) => ({ lat, lon }));
  const typedWaypoints = state.status === "invalid" || state.status === "conflict" ? state.values.waypoints : undefined;
  return (
    <form action={action} className="form" key={key} noValidate>
      <FormMessage state={state} />
      <RecordFields record={route} state={state} />
      <SelectField
        name="originTownId"
        label={t("origin")}
        state={state}
        defaultValue={route?.originTownId}
        options={townOptions}
        placeholder={t("chooseTown")}
        required
        onChange={(originId) => setChosen((c) => ({ ...c, originId }))}
      />
      <SelectField
        name="destinationTownId"
        label={t("destination")}
        state={state}
        defaultValue={route?.destinationTownId}
        options={townOptions}
        placeholder={t("chooseTown")}
        required
        onChange={(destinationId) => setChosen((c) => ({ ...c, destinationId }))}
      />
      <WaypointsField
        name="waypoints"
        defaultValue={typedWaypoints ?? route?.waypoints ?? []}
        towns={towns}
        focus={focus}
        tiles={tiles}
        error={errorText(fieldErrorOf(state, "waypoints"))}
        required
        labels={mapLabels}
      />
      <SelectField name="mode" label={t("mode")} state={state} defaultValue={route?.mode ?? "bus"} options={ROUTE_MODES.map((m) => ({ value: m, label: tm(m) }))} />
      <LocalizedTextFields name="assemblyPoint" legend={t("assemblyPoint")} hint={t("assemblyPointHint")} state={state} defaultValue={route?.assemblyPoint} limit={ASSEMBLY_POINT_MAX} />
      <fieldset>
        <legend>{t("assemblyPointDetails")}</legend>
        <p className="hint">{t("assemblyPointPositionHint")}</p>
        {/* Centred on the chosen towns until a point is set: an assembly point is placed at street scale. */}
        <PointField
          latName="assemblyPointLat"
          lonName="assemblyPointLon"
          defaultLat={valueOf(state, "assemblyPointLat", route?.assemblyPointLat)}
          defaultLon={valueOf(state, "assemblyPointLon", route?.assemblyPointLon)}
          towns={towns}
          focus={focus}
          tiles={tiles}
          latError={errorText(fieldErrorOf(state, "assemblyPointLat"))}
          lonError={errorText(fieldErrorOf(state, "assemblyPointLon"))}
          labels={{ ...pointLabels, legend: t("assemblyPointPosition"), latLabel: t("assemblyPointLat"), lonLabel: t("assemblyPointLon"), marker: t("assemblyPoint") }}
        />
        <TextField name="assemblyPointOpens" label={t("assemblyPointOpens")} state={state} defaultValue={route?.assemblyPointOpens ?? ""} />
        <TextField name="assemblyPointCloses" label={t("assemblyPointCloses")} state={state} defaultValue={route?.assemblyPointCloses ?? ""} />
        <TextField name="assemblyPointCall" label={t("assemblyPointCall")} hint={t("assemblyPointCallHint")} state={state} defaultValue={route?.assemblyPointCall ?? ""} autoComplete="off" />
      </fieldset>
      <LocalizedTextFields name="schedule" legend={t("schedule")} hint={t("scheduleHint")} state={state} defaultValue={route?.schedule} limit={SCHEDULE_MAX} />
      <SelectField name="organisationId" label={t("organisation")} state={state} defaultValue={route?.organisationId ?? ""} options={organisations} placeholder={t("noOrganisation")} />
      <TextField
        name="freshnessWindowHours"
        label={t("freshnessWindowHours")}
        hint={t("freshnessHint")}
        state={state}
        defaultValue={route?.freshnessWindowHours ?? DEFAULT_FRESHNESS_WINDOW_HOURS}
        inputMode="numeric"
      />
      <SubmitButton>{route ? t("saveRoute") : t("createRoute")}</SubmitButton>
    </form>
  );
}
