import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import type { RouteStatus } from "@/lib/enum-values";

// The words of CAP alerts and public feeds, per language, from messages/*.json (the `cap` and
// `status` namespaces). Route handlers are outside [locale], so they load the messages themselves.

export const PUBLIC_LANGUAGES = ["uk", "ru", "en"] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

export type CapText = {
  locale: PublicLanguage;
  /** A message of the `cap` namespace. */
  t: (key: CapMessageKey, values?: Record<string, string>) => string;
  status: (status: RouteStatus | "unconfirmed") => string;
};

export type CapMessageKey = keyof typeof en.cap;

const MESSAGES = { uk, ru, en } as const;

export function capText(locale: PublicLanguage): CapText {
  const messages = MESSAGES[locale];
  const t = createTranslator({ locale, messages, namespace: "cap" });
  const ts = createTranslator({ locale, messages, namespace: "status" });
  return {
    locale,
    t: (key, values) => t(key, values),
    status: (s) => ts(s),
  };
}
