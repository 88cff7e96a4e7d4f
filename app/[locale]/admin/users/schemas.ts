import { z } from "zod";
import { USER_ROLES } from "@/lib/enum-values";
import { ACCOUNT_EMAIL_MAX, NAME_MAX } from "./limits";
import { oneOf, optionalUuid, text, uuid, version } from "@/lib/forms/zod-fields";

const email = z
  .string({ error: "required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "required" })
  .max(ACCOUNT_EMAIL_MAX, { error: "tooLong" })
  .refine((v) => z.email().safeParse(v).success, { error: "invalidEmail" });

const details = {
  name: text(NAME_MAX, { optional: true }),
  organisationId: optionalUuid,
  role: oneOf(USER_ROLES),
};

/** A new account: the password is generated on the server, never typed. */
export const accountCreateSchema = z.object({ email, ...details });

export const accountEditSchema = z.object({ id: uuid, version, ...details });

/** Disable, enable, reset password, end sessions: the account and the version the admin saw. */
export const accountRecordSchema = z.object({ id: uuid, version });
