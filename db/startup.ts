import { getAuthSecret } from "@/env";
import { ConfigError } from "@/lib/config-error";
import { isEmpty } from "./client";
import { getDbHandle } from "./index";
import { seedScenario } from "./seed";

/**
 * Server start-up: refuse a bad configuration with one line, apply migrations, and load the demo
 * scenario into an empty embedded database. PostgreSQL is never seeded implicitly: a real
 * deployment starts empty and gets accounts from `npm run user:create`.
 */
export async function prepareDatabase(): Promise<void> {
  try {
    getAuthSecret();
    const handle = await getDbHandle();
    await handle.migrate();
    if (handle.driver === "pglite" && (await isEmpty(handle.db))) {
      const { inserted } = await seedScenario(handle.db, { demoUsers: true });
      console.log(`corridor: loaded the demo scenario (${inserted} rows) into ${handle.description}.`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`corridor: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
