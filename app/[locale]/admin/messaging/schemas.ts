import { z } from "zod";

/** The pause switch names the state version the admin saw: a switch flipped meanwhile is refused. */
export const messagingSwitchSchema = z.object({
  version: z.coerce.number().int().min(1),
});
