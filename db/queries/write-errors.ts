import type { ConflictDetails, FieldError } from "@/lib/forms/form-state";

// Refusals a write can end in besides bad input: the action turns each into a message beside
// the field or above the form. Nothing has been written when one is thrown (the transaction rolls back).

/** The row changed since the form was loaded: the newer state, who set it and when. */
export class StaleVersionError extends Error {
  constructor(readonly details: ConflictDetails) {
    super(`The ${details.entity} was changed by someone else (now version ${details.version}).`);
    this.name = "StaleVersionError";
  }
}

/** A rule only the database can check (a taken slug, a town still in use), tied to a field. */
export class RefusedWriteError extends Error {
  constructor(
    readonly field: string,
    readonly error: FieldError,
  ) {
    super(`Refused: ${field} ${error.code}`);
    this.name = "RefusedWriteError";
  }
}

/** The row to change does not exist (deleted meanwhile, or a forged id). */
export class NotFoundError extends Error {
  constructor(readonly entity: string) {
    super(`The ${entity} does not exist.`);
    this.name = "NotFoundError";
  }
}

/** PostgreSQL's unique_violation, as raised through drizzle by either driver. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = (error as { cause?: { code?: string; constraint?: string; constraint_name?: string; message?: string } })?.cause ?? (error as never);
  if (!cause || cause.code !== "23505") return false;
  if (!constraint) return true;
  return cause.constraint === constraint || cause.constraint_name === constraint || (cause.message ?? "").includes(constraint);
}
