import { createTranslator } from "next-intl";
import { z } from "zod";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";

// What residents should do, chosen by a coordinator from a closed list, like the reasons. The
// codes read in every reader's language on every output, so an urgent "do not set out" never
// reaches a Ukrainian reader in English; the coordinator's free text only adds specifics.
// Which instruction a report gives (a chosen one, else the one derived from the state) is decided
// in lib/route-report.ts; this file only words them.

/** Order is the order the form lists them and every output says them. */
export const INSTRUCTION_CODES = [
  "do_not_travel",
  "shelter_in_place",
  "go_to_assembly_point",
  "bring_documents_and_medicines",
  "walking_only",
  "checkpoint_closes",
  "follow_official_channel",
] as const;
export type InstructionCode = (typeof INSTRUCTION_CODES)[number];

/** The codes that name a time ("go to the assembly point: today 09:00"); the time is required. */
export const TIMED_INSTRUCTION_CODES = ["go_to_assembly_point", "checkpoint_closes"] as const satisfies readonly InstructionCode[];
export type TimedInstructionCode = (typeof TIMED_INSTRUCTION_CODES)[number];

export function isTimedInstruction(code: InstructionCode): code is TimedInstructionCode {
  return (TIMED_INSTRUCTION_CODES as readonly string[]).includes(code);
}

/** One chosen instruction as stored (jsonb) and published: `at` is an ISO instant, only on timed codes. */
export type StatusInstruction = { code: InstructionCode; at?: string };

/** The stored shape, checked wherever it is read back or taken in: a bad element is refused, not guessed. */
export const statusInstructionSchema = z
  .object({ code: z.enum(INSTRUCTION_CODES), at: z.iso.datetime({ offset: true }).optional() })
  .strict()
  .refine((i) => isTimedInstruction(i.code) === (i.at !== undefined), { message: "a timed instruction needs its time, and only a timed one has one" });
export const statusInstructionsSchema = z.array(statusInstructionSchema).max(INSTRUCTION_CODES.length);

/** Each code once, in the list's order (the first of a repeated code wins). */
export function sortedInstructions(items: readonly StatusInstruction[]): StatusInstruction[] {
  return INSTRUCTION_CODES.flatMap((code) => {
    const item = items.find((i) => i.code === code);
    return item ? [item.at === undefined ? { code } : { code, at: item.at }] : [];
  });
}

/** Whatever jsonb held, as instructions; an unreadable value is none (the derived instruction then shows). */
export function asStatusInstructions(value: unknown): StatusInstruction[] {
  const parsed = statusInstructionsSchema.safeParse(value);
  return parsed.success ? sortedInstructions(parsed.data) : [];
}

const MESSAGES = { uk, ru, en } as const;
type Translate = (key: string, values?: Record<string, string>) => string;
const translators = (namespace: "instructionCode" | "instructionCodeSms") =>
  Object.fromEntries(LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace })])) as unknown as Record<Locale, Translate>;
const LONG = translators("instructionCode");
const SHORT = translators("instructionCodeSms");
const asLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en");

/**
 * One instruction in the reader's language. `time` words a timed code's instant (the caller
 * passes lib/route-report-text.ts dayTime, so "today 09:00" reads as every other time on the page).
 */
export function instructionLabel(item: StatusInstruction, locale: string, time: (at: Date) => string, { short = false } = {}): string {
  const t = (short ? SHORT : LONG)[asLocale(locale)];
  return t(item.code, item.at ? { time: time(new Date(item.at)) } : {});
}

/** All of them as one text: sentences on a page, a short "; "-joined list by SMS. */
export function instructionLabels(items: readonly StatusInstruction[], locale: string, time: (at: Date) => string, { short = false } = {}): string {
  return sortedInstructions(items)
    .map((i) => instructionLabel(i, locale, time, { short }))
    .join(short ? "; " : " ");
}
