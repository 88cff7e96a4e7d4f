import { ZodError } from "zod";
import { ConfigError } from "@/lib/config-error";

/**
 * Runs a command-line script: a ConfigError or invalid input prints one line (what is wrong and
 * what to do) and exits 1; anything unexpected prints its message and exits 1 too.
 */
export function runScript(main: () => Promise<void>): void {
  main().then(
    // Without a code: a script that set process.exitCode (a bench's missed target) exits with it.
    () => process.exit(),
    (error: unknown) => {
      if (error instanceof ConfigError) console.error(`corridor: ${error.message}`);
      else if (error instanceof ZodError) {
        const issue = error.issues[0];
        console.error(`corridor: ${issue?.path.join(".") || "input"}: ${issue?.message}`);
      } else if (process.env.DEBUG) console.error(error);
      else console.error(`corridor: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
