import MessagingResponse from "twilio/lib/twiml/MessagingResponse.js";
import { readBodyWithin } from "@/server/security/body-limit";
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";
import { z } from "zod";
import type { SmsConfig } from "@/env";
import type { BotReply, ResidentMessage } from "../types";
import { smsAddressSchema } from "./address";
import { toGsm7WherePossible } from "@/lib/messaging/gsm7";

// The inbound SMS webhook in the Twilio-compatible form most gateways speak: a form POST with
// From and Body (and a dozen fields we do not need), signed with X-Twilio-Signature, answered
// with TwiML whose one <Message> the gateway sends back to the resident.
//
// twilio is imported by its two modules (the validator and the TwiML builder), not by its index,
// which would load the whole REST client (axios, jsonwebtoken…) that the webhook never uses.

export const SMS_INBOUND_PATH = "/api/sms/inbound";

/**
 * Largest body taken. A real inbound SMS is at most 1,600 characters plus about 20 short fields;
 * 4,000 Cyrillic characters, percent-encoded (6 bytes each), are 24 KB: such a message still gets
 * its "too long" answer instead of a bare 413, and anything larger is no SMS.
 */
export const SMS_BODY_LIMIT_BYTES = 32 * 1024;

/** Twilio refuses a <Message> body over 1,600 characters. */
const MAX_REPLY_CHARACTERS = 1600;

export type SmsInboundDeps = {
  /** getSmsConfig(): null when SMS is off. */
  config: () => SmsConfig | null;
  /** The public address the gateway was told to call (getLinkBaseUrl()), without a trailing slash. */
  publicBaseUrl: () => string;
  /** answerResident(db, message) from conversation.ts. */
  answer: (message: ResidentMessage) => Promise<BotReply>;
  /** Records the gateway's id of a message: false when it was already answered (a replay). */
  claim: (messageSid: string) => Promise<boolean>;
  /** Forgets a claimed id whose answer failed, so that a retry is answered. */
  release: (messageSid: string) => Promise<void>;
};

/**
 * What the gateway sends that we use; everything else it sends is signed, and otherwise ignored.
 * A repeated From or Body (an array here) is not one message and fails the schema.
 */
const inboundSchema = z.object({
  From: smsAddressSchema,
  Body: z.string().default(""),
  // Unique per message (Twilio: "SM" or "MM" and 32 hex digits); other gateways' ids vary in form.
  MessageSid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

export function createSmsInboundHandler(deps: SmsInboundDeps) {
  /** Any method but POST: 405 (404 while SMS is off, as for POST). */
  function refuseMethod(): Response {
    if (!deps.config()) return plain(404, "Not found.");
    return plain(405, "Method not allowed: the SMS gateway POSTs here.", { allow: "POST" });
  }

  async function post(request: Request): Promise<Response> {
    const config = deps.config();
    if (!config) return plain(404, "Not found.");
    const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/x-www-form-urlencoded") return plain(415, "Unsupported media type: expected application/x-www-form-urlencoded.");
    const raw = await readBounded(request, SMS_BODY_LIMIT_BYTES);
    if (raw === null) return plain(413, `Request body too large (limit ${SMS_BODY_LIMIT_BYTES} bytes).`, { connection: "close" });

    const params = formParams(raw);
    // The signature covers the URL the gateway called, which is the public address it was given
    // (AUTH_URL), not the Host this request arrived with: behind a reverse proxy or a tunnel the
    // app sees its internal address (and Next rewrites 127.x hosts to localhost), and a Host
    // header is the caller's to choose. Only the query string is taken from the request: it is
    // part of the configured URL, and the gateway signs it too.
    const url = `${deps.publicBaseUrl()}${SMS_INBOUND_PATH}${new URL(request.url).search}`;
    const signature = request.headers.get("x-twilio-signature") ?? "";
    // HMAC-SHA1 under the auth token: how Twilio signs unless a Webhooks Rule with a SharedKey is
    // set for this URL (then X-Twilio-Webhooks-Signature-Settings names another key we do not
    // hold, and the request is refused like any other we cannot check).
    if (!signature || !validateRequest(config.authToken, signature, url, params)) return plain(403, "Forbidden: bad or missing X-Twilio-Signature.");

    const parsed = inboundSchema.safeParse({ From: params.From, Body: params.Body, MessageSid: params.MessageSid });
    if (!parsed.success) return plain(400, "Bad request: expected one From (the sender's phone number), at most one Body and one MessageSid.");

    let reply: BotReply;
    let claimed = false;
    try {
      // A signed request sent again (a replay, or the gateway retrying one already answered):
      // answered with no message and nothing changed.
      if (!(await deps.claim(parsed.data.MessageSid))) return twimlResponse([]);
      claimed = true;
      reply = await deps.answer({ channel: "sms", address: parsed.data.From, text: withoutControls(parsed.data.Body), languageHint: null });
    } catch (error) {
      if (claimed) await deps.release(parsed.data.MessageSid).catch(() => {});
      // Not the resident's fault (the database is down…): the gateway logs the 503. The error is
      // described by its name and code only, never its message: it may quote the sender's text.
      console.error("corridor: answering an SMS failed", describeError(error));
      return plain(503, "Service unavailable.", { "retry-after": "60" });
    }
    return twimlResponse([reply.text, ...(reply.followUps ?? [])]);
  }

  return { post, refuseMethod };
}

/**
 * TwiML built by twilio's MessagingResponse (which escapes the text): one <Message> per text, in
 * order; the gateway sends each as its own SMS (a town's status, then each warning whole).
 */
export function twimlResponse(texts: string[]): Response {
  const twiml = new MessagingResponse();
  for (const text of texts) {
    const body = xmlSafe(text).trim();
    if (body) twiml.message(truncate(toGsm7WherePossible(body), MAX_REPLY_CHARACTERS));
  }
  return new Response(twiml.toString(), { status: 200, headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } });
}

/** Form fields; a repeated name keeps every value (the signature covers them all). */
function formParams(raw: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** The body as text, or null once it passes `limit` bytes. */
async function readBounded(request: Request, limit: number): Promise<string | null> {
  const body = await readBodyWithin(request, limit);
  return body === null ? null : new TextDecoder().decode(body);
}

/** Control characters an SMS cannot carry (and PostgreSQL text cannot hold, for NUL): spaces. */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, " ");
}

/** Only the characters XML 1.0 allows: the TwiML builder throws on any other. */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function describeError(error: unknown): { name: string; code?: unknown } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return code === undefined ? { name: error.name } : { name: error.name, code };
}
