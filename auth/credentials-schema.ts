import { z } from "zod";

export const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(320).email(),
  password: z.string().min(1).max(1024),
});
