"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { OneClickForm } from "@/components/forms/one-click-form";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { NOTICE_SEVERITIES } from "@/lib/enum-values";
import { IDLE } from "@/lib/forms/form-state";
import { createNoticeAction, expireNoticeAction, updateNoticeAction } from "./actions";
import { NOTICE_TEXT_MAX } from "@/lib/forms/limits";

export type NoticeFormValues = {
  id: string;
  version: number;
  /** "town:<id>" or "oblast:<id>" */
  target: string;
  severity: string;
  textUk: string;
  textRu: string;
  textEn: string;
  /** datetime-local value in Kyiv time, or "" */
  expiresAt: string;
};

type Option = { value: string; label: string };

export function NoticeForm({
  notice,
  towns,
  oblasts,
  defaultTarget,
}: {
  notice?: NoticeFormValues;
  towns: Option[];
  oblasts: Option[];
  defaultTarget?: string;
}) {
  const [state, action] = useActionState(notice ? updateNoticeAction : createNoticeAction, IDLE);
  const t = useTranslations("coordinate");
  const errorText = useErrorText();
  const id = useId();
  const targetError = errorText(fieldErrorOf(state, "target"));
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={notice} state={state} />
      <div className={targetError ? "field field-invalid" : "field"}>
        <label htmlFor={`${id}-target`}>{t("noticeTarget")}</label>
        {targetError && (
          <p className="field-error" id={`${id}-target-error`}>
            {targetError}
          </p>
        )}
        <select
          id={`${id}-target`}
          name="target"
          defaultValue={valueOf(state, "target", notice?.target ?? defaultTarget)}
          required
          aria-invalid={targetError ? true : undefined}
          aria-describedby={targetError ? `${id}-target-error` : undefined}
        >
          <option value="">{t("chooseTarget")}</option>
          <optgroup label={t("targetTowns")}>
            {towns.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("targetOblasts")}>
            {oblasts.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <SelectField
        name="severity"
        label={t("severity")}
        state={state}
        defaultValue={notice?.severity ?? "warning"}
        options={NOTICE_SEVERITIES.map((s) => ({ value: s, label: t(`severity_${s}`) }))}
      />
      <LocalizedTextFields
        name="text"
        legend={t("noticeText")}
        hint={t("noticeTextHint")}
        state={state}
        defaultValue={notice ? { uk: notice.textUk, ru: notice.textRu, en: notice.textEn } : undefined}
        limit={NOTICE_TEXT_MAX}
        required
        multiline
      />
      <TextField name="expiresAt" type="datetime-local" label={t("expiresAt")} hint={t("expiresHint")} state={state} defaultValue={notice?.expiresAt} />
      <SubmitButton>{notice ? t("saveNotice") : t("publishNotice")}</SubmitButton>
    </form>
  );
}

export function ExpireNoticeForm({ id, version }: { id: string; version: number }) {
  const t = useTranslations("coordinate");
  return <OneClickForm action={expireNoticeAction} record={{ id, version }} label={t("expireNow")} />;
}
