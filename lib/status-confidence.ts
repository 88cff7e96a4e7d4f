import { createTranslator } from "next-intl";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import type { SourceKind, VerificationState } from "./enum-values";

// How sure a route's status is, as every public output words it: the kind of source behind it
// (never the source), whether the latest confirmation re-confirmed it unchanged, and for a flag how
// far the incident behind it is verified.

export type StatusConfidence = { sourceKind: SourceKind | null; reconfirmed: boolean; flagVerification: Exclude<VerificationState, "false"> | null };

type ConfidenceFacts = {
  statusSourceKind: SourceKind | null;
  statusReconfirmed: boolean;
  flagVerification: Exclude<VerificationState, "false"> | null;
  flaggedForReview: boolean;
};

/** The flag's verification only while the route is flagged: a cleared flag says nothing. */
export function statusConfidence(route: ConfidenceFacts): StatusConfidence {
  return { sourceKind: route.statusSourceKind, reconfirmed: route.statusReconfirmed, flagVerification: route.flaggedForReview ? route.flagVerification : null };
}

const MESSAGES = { uk, ru, en } as const;
const asLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en");
const words = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    {
      t: createTranslator({ locale: l, messages: MESSAGES[l], namespace: "freshness" }),
      kind: createTranslator({ locale: l, messages: MESSAGES[l], namespace: "sourceKind" }),
      verification: createTranslator({ locale: l, messages: MESSAGES[l], namespace: "verification" }),
    },
  ]),
) as unknown as Record<Locale, { t: (key: "source" | "noSource" | "reconfirmed", values?: Record<string, string>) => string; kind: (k: SourceKind) => string; verification: (v: VerificationState) => string }>;

/** "Source: NGO field report · re-confirmed unchanged", in the reader's language. */
export function confidenceText(confidence: StatusConfidence, locale: string): string {
  const w = words[asLocale(locale)];
  const source = confidence.sourceKind ? w.t("source", { kind: w.kind(confidence.sourceKind) }) : w.t("noSource");
  return confidence.reconfirmed ? `${source} · ${w.t("reconfirmed")}` : source;
}

/** The verification of the incident behind a flag, in words; null without one. */
export function flagVerificationText(confidence: StatusConfidence, locale: string): string | null {
  return confidence.flagVerification ? words[asLocale(locale)].verification(confidence.flagVerification) : null;
}
