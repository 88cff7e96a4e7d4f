import crypto from "node:crypto";
import postgres from "postgres";
import { POSTGRES_SERVER_URL, TEMPLATE_VARIABLE } from "./fixtures/instances";

// Names the run's template database (fixtures/instances.ts, createDatabase): the specs that make
// databases of their own copy it instead of migrating and seeding each. Nothing is made here: a run
// whose specs make no database pays nothing. The workers inherit the variable; the teardown drops
// the template on whichever local server it was made.
export default function globalSetup(): () => Promise<void> {
  const template = `corridor_e2e_template_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  process.env[TEMPLATE_VARIABLE] = template;
  return async () => {
    const servers = new Set([POSTGRES_SERVER_URL, process.env.DATABASE_URL?.trim()].filter((url): url is string => Boolean(url)));
    for (const server of servers) {
      const admin = postgres(server, { onnotice: () => {}, max: 1, connect_timeout: 3 });
      try {
        await admin.unsafe(`drop database if exists "${template}" with (force)`);
      } catch {
        // No server there, so no template either.
      } finally {
        await admin.end({ timeout: 1 }).catch(() => {});
      }
    }
  };
}
