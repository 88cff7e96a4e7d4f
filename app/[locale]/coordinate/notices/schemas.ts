import { z } from "zod";
import { NOTICE_SEVERITIES } from "@/db/schema/enums";
import { NOTICE_TEXT_MAX } from "@/lib/forms/limits";
import { optionalKyivDateTime, oneOf, text, uuid, version } from "@/lib/forms/zod-fields";


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

/**
 * Only the Ukrainian text is required, so a notice can go out from the field at once; the
 * public page falls back to it (marked with its language) until translations are added.
 */
export const noticeFormSchema = z.object({
  target,
  severity: oneOf(NOTICE_SEVERITIES),
  textUk: text(NOTICE_TEXT_MAX),
  textRu: text(NOTICE_TEXT_MAX, { optional: true }),
  textEn: text(NOTICE_TEXT_MAX, { optional: true }),
  expiresAt,
});

export const noticeEditSchema = noticeFormSchema.extend({ id: uuid, version });
export const noticeExpireSchema = z.object({ id: uuid, version });
