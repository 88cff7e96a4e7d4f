"use client";

import { useLocale, useTranslations } from "next-intl";
import { StatusReason } from "@/components/status/status-reason";
import type { FormState } from "@/lib/forms/form-state";
import { EMPTY_LOCALIZED_TEXT, hasAnyText } from "@/lib/localized-text";
import { formatStaffTime } from "@/lib/time";
import { useErrorText } from "./use-field-error";

/**
 * The message above a form: why the whole form was refused, or that someone else saved first
 * (with their status, name and time), or that it was saved. Announced to screen readers.
 */
export function FormMessage({ state }: { state: FormState }) {
  const t = useTranslations("forms");
  const tStatus = useTranslations("status");
  const locale = useLocale();
  const errorText = useErrorText();
  if (state.status === "invalid") {
    const fields = Object.keys(state.fieldErrors).length;
    return (
      <div className="form-message form-message-error" role="alert">
        <p>
          <strong>{t("notSaved")}</strong> {state.formError ? errorText(state.formError) : t("fixFields", { count: fields })}
        </p>
      </div>
    );
  }
  if (state.status === "conflict") {
    const { conflict } = state;
    const time = conflict.changedAt ? formatStaffTime(new Date(conflict.changedAt), locale) : "—";
    return (
      <div className="form-message form-message-error conflict" role="alert">
        <p>
          <strong>{t("conflict.title")}</strong>
        </p>
        {conflict.entity === "route" && conflict.status ? (
          <>
            <p>{t("conflict.route", { status: tStatus(conflict.status), by: conflict.changedBy ?? t("conflict.someone"), time })}</p>
            {((conflict.reasonCodes?.length ?? 0) > 0 || hasAnyText(conflict.reason)) && (
              <div className="conflict-reason">
                <p>{t("conflict.theirReason")}</p>
                <StatusReason codes={conflict.reasonCodes ?? []} text={conflict.reason ?? EMPTY_LOCALIZED_TEXT} />
              </div>
            )}
          </>
        ) : (
          <p>{t("conflict.generic", { by: conflict.changedBy ?? t("conflict.someone"), time })}</p>
        )}
        <p>{t("conflict.next")}</p>
      </div>
    );
  }
  if (state.status === "saved") {
    return (
      <p className="form-message form-message-ok" role="status">
        <span aria-hidden="true">✓ </span>
        {t(`saved.${state.message}`, { time: formatStaffTime(new Date(state.at), locale) })}
      </p>
    );
  }
  return null;
}
