import { z } from "zod";
import { LOCALES } from "@/i18n/routing";

/** Every staff form carries the page's locale, so the action can redirect back in the same language. */
export const localeField = z.enum(LOCALES).catch("uk");
