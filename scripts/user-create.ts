// npm run user:create -- --email ops@example.org --role admin [--name ...] [--organisation <short name of an existing organisation>]
// The password comes from CORRIDOR_PASSWORD or is asked for (twice, not echoed).
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { getOrganisationIdByShortName } from "@/db/queries/organisations";
import { createUser } from "@/db/queries/users";
import { USER_ROLES } from "@/db/schema/enums";
import { MIN_PASSWORD_LENGTH } from "@/lib/password";
import { readHiddenLine } from "./read-hidden-line";
import { runScript } from "./run-script";

const argsSchema = z.object({
  email: z.string({ error: "--email is required" }).trim().email("--email must be an email address"),
  role: z.enum(USER_ROLES, { error: `--role must be one of: ${USER_ROLES.join(", ")}` }),
  name: z.string().trim().max(200).default(""),
  organisation: z.string().trim().max(200).default(""),
});
const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `the password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024);

runScript(async () => {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      organisation: { type: "string" },
    },
    strict: true,
  });
  const args = argsSchema.parse(values);
  let password = process.env.CORRIDOR_PASSWORD;
  if (password === undefined) {
    if (!process.stdin.isTTY) throw new Error("set CORRIDOR_PASSWORD, or run this in a terminal to be asked for the password");
    password = await readHiddenLine("Password: ");
    if ((await readHiddenLine("Repeat password: ")) !== password) throw new Error("the two passwords differ; nothing was created");
  }
  passwordSchema.parse(password);
  const handle = await openDb(resolveDbConfig());
  try {
    await handle.migrate();
    const { organisation, ...account } = args;
    const organisationId = organisation ? await getOrganisationIdByShortName(handle.db, organisation) : null;
    if (organisation && !organisationId) throw new Error(`no organisation has the short name "${organisation}"; an admin adds it first; nothing was created`);
    const { id } = await createUser(handle.db, null, { ...account, organisationId, password });
    console.log(`corridor: created ${args.role} ${args.email.toLowerCase()} (${id}) in ${handle.description}.`);
  } finally {
    await handle.close();
  }
});
