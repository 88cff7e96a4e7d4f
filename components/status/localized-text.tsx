import { useLocale, useTranslations } from "next-intl";
import type { ElementType } from "react";
import { shownText, type LocalizedText } from "@/lib/localized-text";

/**
 * A coordinator-written text in the page's language. When it was not written in that language it
 * is shown in another one with `lang` on it (screen readers switch voice) and a visible
 * "(in Ukrainian)": never a silent mix. Renders nothing when no language has it, so the caller
 * decides what an empty field says ("not given").
 */
export function LocalizedTextView({
  value,
  as: Tag = "span",
  className,
}: {
  value: LocalizedText | null | undefined;
  as?: ElementType;
  className?: string;
}) {
  const locale = useLocale();
  const t = useTranslations("writtenIn");
  const shown = shownText(value, locale);
  if (!shown) return null;
  if (!shown.fallback) return <Tag className={className}>{shown.text}</Tag>;
  return (
    <Tag className={className} data-fallback-lang={shown.lang}>
      <span lang={shown.lang}>{shown.text}</span> <span className="written-in">{t(shown.lang)}</span>
    </Tag>
  );
}
