"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { SelectField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { LOCALES } from "@/i18n/routing";
import { IDLE, type FieldError } from "@/lib/forms/form-state";
import { linkTelegramChannelAction, unlinkTelegramChannelAction } from "./actions";

/** Telegram's refusals have their own wording (telegramChannels.errors); the rest are the shared form errors. */
function useChannelErrorText() {
  const t = useTranslations("telegramChannels.errors");
  const shared = useErrorText();
  return (error: FieldError | undefined) => (error && t.has(error.code) ? t(error.code) : shared(error));
}

export function LinkChannelForm({ defaultLanguage }: { defaultLanguage: string }) {
  const [state, action] = useActionState(linkTelegramChannelAction, IDLE);
  const t = useTranslations("telegramChannels");
  const errorText = useChannelErrorText();
  const id = useId();
  const chatError = errorText(fieldErrorOf(state, "chat"));
  const describedBy = [`${id}-chat-hint`, chatError ? `${id}-chat-error` : null].filter(Boolean).join(" ");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("linkTitle")}</h2>
      <p>{t("howTo")}</p>
      <FormMessage state={state} />
      <div className={chatError ? "field field-invalid" : "field"}>
        <label htmlFor={`${id}-chat`}>{t("chat")}</label>
        <p className="hint" id={`${id}-chat-hint`}>
          {t("chatHint")}
        </p>
        {chatError && (
          <p className="field-error" id={`${id}-chat-error`}>
            <span aria-hidden="true">⚠ </span>
            {chatError}
          </p>
        )}
        <input
          id={`${id}-chat`}
          name="chat"
          type="text"
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={valueOf(state, "chat", "")}
          aria-invalid={chatError ? true : undefined}
          aria-describedby={describedBy}
        />
      </div>
      <SelectField
        name="language"
        label={t("language")}
        state={state}
        defaultValue={defaultLanguage}
        options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
      />
      <SubmitButton>{t("link")}</SubmitButton>
    </form>
  );
}

export function UnlinkChannelForm({ id, title }: { id: string; title: string }) {
  const [state, action] = useActionState(unlinkTelegramChannelAction, IDLE);
  const t = useTranslations("telegramChannels");
  return (
    <form action={action} className="form">
      <FormMessage state={state} />
      <input type="hidden" name="id" value={id} />
      <SubmitButton className="button button-danger">{t("unlink", { title })}</SubmitButton>
    </form>
  );
}
