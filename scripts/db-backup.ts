// npm run db:backup [-- PATH | --out PATH]: backs up DATABASE_URL (pg_dump, custom format) or the
// embedded database (a tarball of its directory; stop the server first) to
// backups/corridor-<UTC time>.dump / .tar.gz, or to PATH. Prints the path, size and row counts.
import { parseArgs } from "node:util";
import { resolveDbConfig } from "@/db/config";
import { backupDatabase, describeBackup } from "@/db/backup";
import { ConfigError } from "@/lib/config-error";
import { runScript } from "./run-script";

runScript(async () => {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true, strict: true });
  if (positionals.length > 1 || (values.out && positionals.length > 0)) {
    throw new ConfigError("Give at most one output path (npm run db:backup -- [--out] PATH).");
  }
  const result = await backupDatabase(resolveDbConfig(), { out: values.out ?? positionals[0] });
  for (const line of describeBackup(result)) console.log(line.startsWith("  ") ? line : `corridor: ${line}`);
});
