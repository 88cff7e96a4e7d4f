/**
 * A problem with how Corridor is configured or where its database is. The message is written
 * for the operator: one line saying what is wrong and what to do. Scripts print only that line
 * and exit non-zero; no stack trace, because the trace would bury the instruction.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
