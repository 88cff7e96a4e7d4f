import crypto from "node:crypto";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { z } from "zod";
import type { TelegramConfig } from "@/env";
import { describeTelegramError } from "./errors";
import { handleTelegramUpdate } from "./bot";

// The webhook Telegram posts every update to. We check it ourselves instead of grammY's
// webhookCallback: that one asks getMe before it checks the secret (an unauthenticated caller
// could make us call Telegram), reads any body size, and answers a body that is not JSON with an
// error of the server. Here the order is: bot off (404), secret (401), size (413), JSON (400),
// and only then does the update reach the bot, which always ends in 200.

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Updates are a few kilobytes; a 4,096-character message in 4-byte characters is about 20 KB of JSON. */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;
/** How long the first update waits for getMe (grammY would retry a network error for ever). */
const INIT_TIMEOUT_MS = 10_000;

/** An update as Telegram sends it; the bot ignores the kinds it does not handle. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export type WebhookDeps = { config: TelegramConfig | null; bot: (config: TelegramConfig) => Bot };

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

export async function handleTelegramWebhook(request: Request, deps: WebhookDeps): Promise<Response> {
  if (request.method !== "POST") return plain(405, "Method not allowed.", { allow: "POST" });
  const config = deps.config;
  if (!config) return plain(404, "Not found.");
  if (!secretMatches(request.headers.get(SECRET_HEADER), config.webhookSecret)) return plain(401, "Unauthorized.");

  const body = await readBounded(request, WEBHOOK_BODY_LIMIT_BYTES);
  if (body === null) return plain(413, `Request body too large (limit ${WEBHOOK_BODY_LIMIT_BYTES} bytes).`, { connection: "close" });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return plain(400, "Bad request: the body is not JSON.");
  }
  const parsed = updateSchema.safeParse(json);
  if (!parsed.success) return plain(400, "Bad request: not a Telegram update.");

  const bot = deps.bot(config);
  try {
    // grammY types its signal with the abort-controller shim; the platform's own works the same.
    await bot.init(AbortSignal.timeout(INIT_TIMEOUT_MS) as unknown as Parameters<Bot["init"]>[0]);
  } catch (error) {
    // Telegram keeps the update and sends it again later.
    console.error(`corridor: telegram bot could not start (getMe): ${describeTelegramError(error)}`);
    return plain(503, "The bot cannot reach Telegram right now.", { "retry-after": "30" });
  }
  await handleTelegramUpdate(bot, parsed.data as unknown as Update);
  return plain(200, "ok");
}

/** Constant-time: both sides are hashed first, so neither their contents nor their lengths leak through timing. */
export function secretMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = crypto.createHash("sha256").update(given, "utf8").digest();
  const b = crypto.createHash("sha256").update(expected, "utf8").digest();
  return crypto.timingSafeEqual(a, b);
}

/** The body, or null once it is over `limit` bytes (declared or counted while read). */
async function readBounded(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
