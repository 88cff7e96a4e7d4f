import { GrammyError, HttpError } from "grammy";

// grammY's errors carry what must never reach a log: a GrammyError keeps the whole payload of the
// call (the chat id, the text), and an HttpError wraps the fetch error, whose message holds the
// request URL with the bot token in it. Everything Corridor logs or rethrows about a Bot API call
// goes through here first.

/** A Bot API failure said without chat ids, texts or the token. */
export class TelegramApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = "TelegramApiError";
  }
}

/** The same failure with only the method, Telegram's error code and description (or the network error's code). */
export function sanitizeTelegramError(error: unknown): Error {
  if (error instanceof TelegramApiError) return error;
  if (error instanceof GrammyError) {
    return new TelegramApiError(error.method, error.error_code, `telegram: ${error.method} failed (${error.error_code}: ${error.description})`);
  }
  if (error instanceof HttpError) {
    const method = /'(\w+)'/.exec(error.message)?.[1] ?? "call";
    const code = (error.error as { code?: unknown; name?: unknown } | undefined)?.code ?? (error.error as { name?: unknown } | undefined)?.name;
    return new TelegramApiError(method, null, `telegram: network request for ${method} failed${typeof code === "string" ? ` (${code})` : ""}`);
  }
  // Not a Bot API failure (the database, the conversation): its message may quote what the
  // resident wrote or a query's parameters, so only its kind and SQLSTATE-like code are kept.
  if (error instanceof Error) {
    const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
    return new Error(`telegram: ${error.name}${typeof code === "string" && /^[A-Z0-9_]{1,20}$/.test(code) ? ` (${code})` : ""}`);
  }
  return new Error("telegram: unknown error");
}

/** For logs: one line, nothing that names a resident. */
export function describeTelegramError(error: unknown): string {
  return sanitizeTelegramError(error).message;
}
