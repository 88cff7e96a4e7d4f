// npm run db:migrate: applies committed migrations to DATABASE_URL, or to the embedded database.
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { runScript } from "./run-script";

runScript(async () => {
  const handle = await openDb(resolveDbConfig());
  try {
    await handle.migrate();
    console.log(`corridor: migrations applied to ${handle.description}.`);
  } finally {
    await handle.close();
  }
});
