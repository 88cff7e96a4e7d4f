// npm run db:seed [-- --demo-users]: loads the demo scenario into DATABASE_URL or the embedded
// database (migrating first). Idempotent. Demo accounts only when asked for.
import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { seedScenario } from "@/db/seed";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/scenario/incidents";
import { runScript } from "./run-script";

runScript(async () => {
  const { values } = parseArgs({ options: { "demo-users": { type: "boolean", default: false } }, strict: true });
  const config = resolveDbConfig();
  const handle = await openDb(config);
  try {
    await handle.migrate();
    if (values["demo-users"] && config.driver === "postgres") {
      console.warn(`corridor: creating demo accounts with the public password "${DEMO_PASSWORD}" on PostgreSQL; never do this on a real deployment.`);
    }
    const { inserted } = await seedScenario(handle.db, { demoUsers: values["demo-users"] });
    console.log(
      inserted > 0
        ? `corridor: loaded the demo scenario (${inserted} rows) into ${handle.description}.`
        : `corridor: the demo scenario is already in ${handle.description}; nothing changed.`,
    );
    if (values["demo-users"]) console.log(`corridor: demo sign-ins: ${DEMO_USERS.map((u) => u.email).join(", ")}.`);
  } finally {
    await handle.close();
  }
});
