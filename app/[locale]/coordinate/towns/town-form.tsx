"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { OneClickForm } from "@/components/forms/one-click-form";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { PointField, type PointFieldLabels } from "@/components/map/point-field";
import type { MapTown } from "@/components/map/types";
import type { TownInput } from "@/db/queries/towns";
import type { MapTiles } from "@/env";
import { IDLE } from "@/lib/forms/form-state";
import { createTownAction, deleteTownAction, updateTownAction } from "./actions";
import { ALIASES_MAX_CHARACTERS, NAME_MAX, PCODE_MAX, SLUG_MAX } from "@/lib/forms/limits";

export type TownFormValues = TownInput & { id: string; version: number };

export function TownForm({
  town,
  oblasts,
  towns,
  tiles,
  mapLabels,
}: {
  town?: TownFormValues;
  oblasts: { id: string; name: string }[];
  towns: MapTown[];
  tiles: MapTiles;
  mapLabels: PointFieldLabels;
}) {
  const [state, action] = useActionState(town ? updateTownAction : createTownAction, IDLE);
  const t = useTranslations("coordinate");
  const errorText = useErrorText();
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={town} state={state} />
      <TextField name="nameUk" label={t("nameUk")} state={state} defaultValue={town?.nameUk} limit={NAME_MAX} required />
      <TextField name="nameRu" label={t("nameRu")} state={state} defaultValue={town?.nameRu} limit={NAME_MAX} required />
      <TextField name="nameEn" label={t("nameEn")} state={state} defaultValue={town?.nameEn} limit={NAME_MAX} required />
      <TextField name="slug" label={t("slug")} hint={t("slugHint")} state={state} defaultValue={town?.slug} limit={SLUG_MAX} />
      <TextAreaField name="aliases" label={t("aliases")} hint={t("aliasesHint")} state={state} defaultValue={town?.aliases.join("\n")} rows={3} limit={ALIASES_MAX_CHARACTERS} />
      <SelectField
        name="oblastId"
        label={t("oblast")}
        state={state}
        defaultValue={town?.oblastId}
        options={oblasts.map((o) => ({ value: o.id, label: o.name }))}
        placeholder={t("chooseOblast")}
        required
      />
      <TextField name="pcode" label={t("pcode")} hint={t("pcodeHint")} state={state} defaultValue={town?.pcode} limit={PCODE_MAX} />
      <PointField
        latName="lat"
        lonName="lon"
        defaultLat={valueOf(state, "lat", town?.lat)}
        defaultLon={valueOf(state, "lon", town?.lon)}
        towns={towns}
        tiles={tiles}
        latError={errorText(fieldErrorOf(state, "lat"))}
        lonError={errorText(fieldErrorOf(state, "lon"))}
        required
        labels={mapLabels}
      />
      <SubmitButton>{town ? t("saveTown") : t("createTown")}</SubmitButton>
    </form>
  );
}

/** Deleting is refused (with the routes named) while anything still uses the town. */
export function DeleteTownForm({ id, version }: { id: string; version: number }) {
  const t = useTranslations("coordinate");
  return (
    <OneClickForm
      action={deleteTownAction}
      record={{ id, version }}
     
      label={t("deleteTown")}
      hint={t("deleteTownHint")}
      className="form danger-zone"
    />
  );
}
