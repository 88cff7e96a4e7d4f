import { z } from "zod";

/** The town to purge, and its slug typed again: a slip of the mouse cannot destroy a town's requests. */
export const purgeTownSchema = z.object({
  townSlug: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(200, { error: "invalidChoice" }),
  confirmTownSlug: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(200, { error: "purgeNotConfirmed" }),
});
