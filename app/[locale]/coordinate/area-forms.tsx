"use client";

import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { formKey } from "@/components/forms/use-field-error";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import { localizedName } from "@/lib/localized-name";
import { formatStaffTime } from "@/lib/time";
import type { AreaFormState } from "./area-form-state";
import { confirmTownStatusAction, setTownStatusAction } from "./routes/actions";
import { StatusFields } from "./routes/status-form";

type Props = {
  townId: string;
  townName: string;
  /** Every route out of the town as this page shows it: "routeId:version". */
  seen: string[];
};

/** The usual form state for the fields (refill, errors); the area result is shown on its own. */
const fieldState = (state: AreaFormState): FormState => (state.status === "area" ? IDLE : state);

/**
 * One status for every route out of a town, with one set of reasons and details: "Lysychansk is
 * being shelled, close every route". Each route is saved as if set alone; a route changed since
 * this page was loaded is named and left as it is.
 */
export function TownStatusForm({ townId, townName, seen }: Props) {
  const [state, action] = useActionState(setTownStatusAction, IDLE);
  const t = useTranslations("coordinate");
  const fields = fieldState(state);
  return (
    <form action={action} className="form status-form area-form" key={formKey(fields)} aria-label={t("areaUpdate", { town: townName, count: seen.length })}>
      <AreaMessage state={state} />
      <input type="hidden" name="townId" value={townId} />
      {seen.map((s) => (
        <input key={s} type="hidden" name="seen[]" value={s} />
      ))}
      <StatusFields state={fields} />
      <SubmitButton>{t("areaUpdate", { town: townName, count: seen.length })}</SubmitButton>
    </form>
  );
}

/** Re-confirms every route out of the town that has not changed since the page was loaded. */
export function TownConfirmForm({ townId, townName, seen }: Props) {
  const [state, action] = useActionState(confirmTownStatusAction, IDLE);
  const t = useTranslations("coordinate");
  return (
    <form action={action} className="confirm-form area-form" aria-label={t("areaConfirm", { town: townName, count: seen.length })}>
      <AreaMessage state={state} />
      <input type="hidden" name="townId" value={townId} />
      {seen.map((s) => (
        <input key={s} type="hidden" name="seen[]" value={s} />
      ))}
      <SubmitButton className="button button-secondary">{t("areaConfirm", { town: townName, count: seen.length })}</SubmitButton>
    </form>
  );
}

/** Which routes were saved, and which were refused by name and why; or the usual refusal. */
function AreaMessage({ state }: { state: AreaFormState }) {
  const t = useTranslations("coordinate");
  const locale = useLocale();
  if (state.status !== "area") return <FormMessage state={state} />;
  const time = formatStaffTime(new Date(state.at), locale);
  const names = (routes: typeof state.saved) => routes.map((r) => `→ ${localizedName(r.destination, locale)}`).join(", ");
  return (
    <div className={state.refused.length > 0 ? "form-message form-message-error" : "form-message form-message-ok"} role={state.refused.length > 0 ? "alert" : "status"}>
      {state.saved.length > 0 && (
        <p>
          <span aria-hidden="true">✓ </span>
          {t(state.kind === "confirm" ? "areaConfirmed" : "areaSaved", { count: state.saved.length, routes: names(state.saved), time })}
        </p>
      )}
      {state.refused.length > 0 && (
        <>
          <p>
            <strong>{t("areaRefused", { count: state.refused.length })}</strong>
          </p>
          <ul>
            {state.refused.map((r) => (
              <li key={r.slug}>{t(r.why === "changed" ? "areaRefusedChanged" : "areaRefusedUnseen", { route: `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}` })}</li>
            ))}
          </ul>
          <p>{t("areaRefusedNext")}</p>
        </>
      )}
    </div>
  );
}
