import { z } from "zod";
import { NOTICE_SEVERITIES } from "@/db/schema/enums";
import { NOTICE_TEXT_MAX } from "@/lib/forms/limits";
import { localizedTextFields, oneLanguageRequired, optionalKyivDateTime, oneOf, uuid, version } from "@/lib/forms/zod-fields";


/** "town:<uuid>" or "oblast:<uuid>": one select chooses what the notice is about. */
const target = z
  .string({ error: "required" })
  .transform((value, ctx) => {
    const [kind, id, ...rest] = value.split(":");
    const parsedId = uuid.safeParse(id);
    if (value === "" || rest.length > 0 || (kind !== "town" && kind !== "oblast") || !parsedId.success) {
      ctx.addIssue({ code: "custom", message: value === "" ? "required" : "invalidChoice" });
      return z.NEVER;
    }
    return { townId: kind === "town" ? parsedId.data : null, oblastId: kind === "oblast" ? parsedId.data : null };
  });

/** Blank means no end. */
const expiresAt = optionalKyivDateTime()
  // Expiring a notice now has its own button; an end already past would hide it by accident.
  .refine((at) => at === null || at.getTime() > Date.now(), { error: "expiresInPast" });

const noticeFields = z.object({
  target,
  severity: oneOf(NOTICE_SEVERITIES),
  // textUk, textRu, textEn: stored as three columns, so they stay three fields after parsing.
  ...localizedTextFields("text", NOTICE_TEXT_MAX),
  expiresAt,
});

/**
 * The text in any one language is enough, so a notice can go out from the field at once in the
 * language its writer has; the public page shows it to readers of the others marked with its
 * language until translations are added.
 */
export const noticeFormSchema = noticeFields.refine(...oneLanguageRequired("text"));

export const noticeEditSchema = noticeFields.extend({ id: uuid, version }).refine(...oneLanguageRequired("text"));
export const noticeExpireSchema = z.object({ id: uuid, version });
