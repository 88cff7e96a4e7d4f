
// What residents should do, chosen by a coordinator from a closed list, like the reasons. The
// codes read in every reader's language on every output, so an urgent "do not set out" never
// reaches a Ukrainian reader in English; the coordinator's free text only adds specifics.
// Which instruction a report gives (a chosen one, else the one derived from the state) is decided
// in lib/route-report.ts; lib/instruction-text.ts words them. This file holds only the values, so
// the database schema (loaded by plain Node scripts) can import it without next-intl.

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

/** Each code once, in the list's order (the first of a repeated code wins). */
export function sortedInstructions(items: readonly StatusInstruction[]): StatusInstruction[] {
  return INSTRUCTION_CODES.flatMap((code) => {
    const item = items.find((i) => i.code === code);
    return item ? [item.at === undefined ? { code } : { code, at: item.at }] : [];
  });
}
