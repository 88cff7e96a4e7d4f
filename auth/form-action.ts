import "server-only";
import type { z } from "zod";
import { getDb } from "@/db";
import { isDatabaseUnavailable } from "@/db/unavailable";
import type { Db } from "@/db/client";
import { NotFoundError, RefusedWriteError, StaleVersionError } from "@/db/queries/write-errors";
import type { UserRole } from "@/db/schema/enums";
import { schemaRefusal, submittedValues, type FieldError, type FormState } from "@/lib/forms/form-state";
import { formDataToObject } from "@/lib/forms/form-data";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { getAccess } from "./require-user";

export type FormOutcome<R> = { ok: true; result: R } | { ok: false; state: FormState };

/**
 * The one path every staff form's server action takes: check the session and role against the
 * database, validate with zod, then run one write (which audits inside its own transaction).
 * Server actions are public endpoints, so nothing here trusts the page that rendered the form.
 * Every refusal comes back as form state (a message beside the field, the input kept), never
 * as an error page, and nothing has been written.
 */
export async function runFormAction<S extends z.ZodType, R>(
  formData: FormData,
  options: { role: UserRole; schema: S; write: (db: Db, user: SessionUser, input: z.output<S>) => Promise<R> },
): Promise<FormOutcome<R>> {
  // A server action is a public endpoint: a client may call it with anything React can encode
  // (a JSON value, a Date), not a form. Refused as form state, before anything reads it, instead
  // of a TypeError (a 500) on the first formData.get.
  if (!(formData instanceof FormData)) return { ok: false, state: { status: "invalid", fieldErrors: {}, values: {}, formError: { code: "generic" }, at: Date.now() } };
  const values = submittedValues(formData);
  // Passwords and tokens are never echoed back into the page.
  delete values.password;
  const invalid = (fieldErrors: Record<string, FieldError>, formError?: FieldError): FormOutcome<R> => ({
    ok: false,
    state: { status: "invalid", fieldErrors, values, formError, at: Date.now() },
  });

  let access;
  try {
    access = await getAccess(options.role);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return invalid({}, { code: "databaseUnavailable" });
    throw error;
  }
  if (!access.ok) return invalid({}, { code: `access_${access.reason}` });

  const parsed = options.schema.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    const { fieldErrors, formError } = schemaRefusal(fieldErrorsOf(parsed.error));
    return invalid(fieldErrors, formError);
  }

  try {
    return { ok: true, result: await options.write(await getDb(), access.user, parsed.data) };
  } catch (error) {
    // The database went away: the transaction never committed, so nothing was written; the user
    // keeps what they typed and sends it again when it is back.
    if (isDatabaseUnavailable(error)) return invalid({}, { code: "databaseUnavailable" });
    if (error instanceof StaleVersionError) return { ok: false, state: { status: "conflict", conflict: error.details, values, at: Date.now() } };
    if (error instanceof RefusedWriteError) {
      return error.field === "form" ? invalid({}, error.error) : invalid({ [error.field]: error.error });
    }
    if (error instanceof NotFoundError) return invalid({}, { code: "notFound" });
    if (error instanceof AccessError) return invalid({}, { code: `access_${error.reason}` });
    // Input the schemas let through but the database refuses (a malformed value, a check
    // constraint): a bug in the schema, but the user keeps their input instead of an error page.
    // Two writers crossing (a deadlock, a serialization failure, a row deleted meanwhile): the
    // transaction rolled back whole, so the user can simply send again with the input kept.
    if (isRetryableError(error)) return invalid({}, { code: "tryAgain" });
    if (isInvalidInputError(error)) {
      console.error("corridor: the database refused input the form schema accepted", error);
      return invalid({}, { code: "generic" });
    }
    throw error;
  }
}

/** PostgreSQL's invalid_text_representation, character_not_in_repertoire and check_violation. */
function isInvalidInputError(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === "22P02" || code === "22021" || code === "23514";
}

/** deadlock_detected, serialization_failure, and foreign_key_violation (a linked row deleted meanwhile). */
function isRetryableError(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === "40P01" || code === "40001" || code === "23503";
}
