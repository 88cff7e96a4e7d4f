import { z } from "zod";
import { INSTRUCTION_CODES, isTimedInstruction, sortedInstructions, type StatusInstruction } from "./instruction-codes";

// Apart from the codes themselves, which the status forms' browser code imports: building a zod
// schema there tries eval (zod's fast path), which the staff pages' policy refuses and reports.

/** The stored shape, checked wherever it is read back or taken in: a bad element is refused, not guessed. */
export const statusInstructionSchema = z
  .object({ code: z.enum(INSTRUCTION_CODES), at: z.iso.datetime({ offset: true }).optional() })
  .strict()
  .refine((i) => isTimedInstruction(i.code) === (i.at !== undefined), { message: "a timed instruction needs its time, and only a timed one has one" });
export const statusInstructionsSchema = z.array(statusInstructionSchema).max(INSTRUCTION_CODES.length);

/** Whatever jsonb held, as instructions; an unreadable value is none (the derived instruction then shows). */
export function asStatusInstructions(value: unknown): StatusInstruction[] {
  const parsed = statusInstructionsSchema.safeParse(value);
  return parsed.success ? sortedInstructions(parsed.data) : [];
}
