"use client";

import { useTranslations } from "next-intl";
import type { CharacterCountState } from "@/lib/forms/character-count";

/**
 * "123 / 1,000" beside a limited field, updated as the user types or pastes. Over the limit it
 * says by how much, with a warning sign and a word, not colour alone. The visible count is not a
 * live region (every keystroke would be read out); a separate one speaks only when the text
 * reaches 90% of the limit and when it goes over, once each.
 */
export function CharacterCount({ id, state }: { id: string; state: CharacterCountState }) {
  const t = useTranslations("forms.characterCount");
  const { count, max, over, level } = state;
  return (
    <>
      <p id={id} className={`character-count character-count-${level}`} data-count={count} data-max={max}>
        {level === "over" && <span aria-hidden="true">⚠ </span>}
        {t("count", { count, max })}
        {level === "over" && <strong> {t("over", { over })}</strong>}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {level === "near" ? t("nearAnnouncement", { max }) : level === "over" ? t("overAnnouncement", { max }) : ""}
      </p>
    </>
  );
}
