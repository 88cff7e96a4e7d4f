import { z } from "zod";
import { REVIEW_NOTE_MAX } from "@/lib/forms/limits";
import { oneOf, text, uuid, version, whenFieldsValid } from "@/lib/forms/zod-fields";
import { REVIEW_ACTIONS, REVIEW_ACTIONS_NEEDING_NOTE } from "@/lib/incident-review";

/** An admin's review decision on the incident at the version they saw. */
export const reviewFormSchema = z
  .object({
    id: uuid,
    version,
    action: oneOf(REVIEW_ACTIONS),
    note: text(REVIEW_NOTE_MAX, { optional: true }),
  })
  .refine((v) => !REVIEW_ACTIONS_NEEDING_NOTE.includes(v.action) || v.note !== "", {
    path: ["note"],
    error: "reviewNoteRequired",
    ...whenFieldsValid("action", "note"),
  });
