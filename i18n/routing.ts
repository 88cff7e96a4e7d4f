import { defineRouting } from "next-intl/routing";

export const LOCALES = ["uk", "ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

// Every page lives under a language prefix; "/" goes to the visitor's Accept-Language, else Ukrainian.
export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: "uk",
  localePrefix: "always",
});
