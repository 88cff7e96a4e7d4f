// npm run db:seed [-- --demo-users]: loads the demo scenario into DATABASE_URL or the embedded
// database (migrating first). Idempotent. Demo accounts only when asked for.
// npm run db:seed -- --scale national [--seed N]: fills an empty database with the generated
// national data set instead (docs/benchmarks.md); never on a deployment people rely on.
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { seedScenario } from "@/db/seed";
import { seedNationalScenario } from "@/db/seed-national";
import { SCALE_NAMES } from "@/db/scenario/national";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/scenario/incidents";
import { getSubscriberKeys } from "@/server/messaging/subscriber-keys";
import { runScript } from "./run-script";

const argsSchema = z
  .object({
    "demo-users": z.boolean(),
    scale: z.enum(SCALE_NAMES, { error: `--scale must be one of: ${SCALE_NAMES.join(", ")}` }).optional(),
    seed: z.coerce.number({ error: "--seed must be a whole number" }).int().min(0).max(2 ** 32 - 1),
  })
  .refine((a) => !(a.scale && a["demo-users"]), { error: "--demo-users belongs to the demo scenario; with --scale create accounts with npm run user:create" });

runScript(async () => {
  const { values } = parseArgs({
    options: { "demo-users": { type: "boolean", default: false }, scale: { type: "string" }, seed: { type: "string", default: "1" } },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const config = resolveDbConfig();
  const handle = await openDb(config);
  try {
    await handle.migrate();
    if (args["demo-users"] && config.driver === "postgres") {
      console.warn(`corridor: creating demo accounts with the public password "${DEMO_PASSWORD}" on PostgreSQL; never do this on a real deployment.`);
    }
    if (args.scale) {
      const started = performance.now();
      const { rows } = await seedNationalScenario(handle.db, { scale: args.scale, seed: args.seed, keys: getSubscriberKeys() });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const summary = Object.entries(rows).map(([table, n]) => `${n} ${table}`).join(", ");
      console.log(`corridor: loaded the ${args.scale} scale scenario (seed ${args.seed}) into ${handle.description} in ${seconds} s: ${summary}.`);
    } else {
      const { inserted } = await seedScenario(handle.db, { demoUsers: args["demo-users"] });
      console.log(
        inserted > 0
          ? `corridor: loaded the demo scenario (${inserted} rows) into ${handle.description}.`
          : `corridor: the demo scenario is already in ${handle.description}; nothing changed.`,
      );
    }
    if (args["demo-users"]) console.log(`corridor: demo sign-ins: ${DEMO_USERS.map((u) => u.email).join(", ")}.`);
  } finally {
    await handle.close();
  }
});
