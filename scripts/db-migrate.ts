// npm run db:migrate: applies committed migrations to DATABASE_URL, or to the embedded database.
// With DATABASE_OWNER_URL they run as that owner role, which then grants the app role (the user of
// DATABASE_URL) what it needs; without it, a database whose schema another role owns is only
// checked to be current (docs/operating.md, "Two database roles").
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { runScript } from "./run-script";

runScript(async () => {
  const config = resolveDbConfig();
  const handle = await openDb(config);
  try {
    const outcome = await handle.migrate();
    if (outcome === "checked") {
      console.log(`corridor: ${handle.description} is current; its schema belongs to another role, so nothing was migrated (set DATABASE_OWNER_URL to apply new migrations as that owner).`);
    } else if (config.driver === "postgres" && config.ownerUrl) {
      console.log(`corridor: migrations applied to ${handle.description} as the schema owner; the app role's privileges granted again.`);
    } else {
      console.log(`corridor: migrations applied to ${handle.description}.`);
    }
  } finally {
    await handle.close();
  }
});
