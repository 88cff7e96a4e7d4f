// npm run db:restore -- PATH [--force]: restores a file made by db:backup into DATABASE_URL
// (pg_restore, one transaction) or the embedded database (PGLITE_DIR; stop the server first).
// Refuses a target that already holds data unless --force; prints the restored row counts.
import { parseArgs } from "node:util";
import { resolveDbConfig } from "@/db/config";
import { describeRestore, restoreDatabase } from "@/db/backup";
import { ConfigError } from "@/lib/config-error";
import { runScript } from "./run-script";

runScript(async () => {
  const { values, positionals } = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true, strict: true });
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new ConfigError("Give one backup file: npm run db:restore -- backups/corridor-<time>.dump [--force].");
  const result = await restoreDatabase(resolveDbConfig(), file, { force: values.force });
  for (const line of describeRestore(file, result)) console.log(line.startsWith("  ") ? line : `corridor: ${line}`);
  if (result.migrations.newer) {
    console.warn("corridor: this backup was made by a newer version of Corridor; run that version against it.");
  }
});
