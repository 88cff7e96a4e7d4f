import { z } from "zod";
import type { SmsConfig } from "@/env";
import { RecipientGoneError, RetryLaterError } from "../delivery-errors";
import type { OutboundSender } from "../types";
import { smsAddressSchema } from "./address";
import { toGsm7WherePossible } from "@/lib/messaging/gsm7";

// Outbound SMS through a Twilio-compatible gateway's REST API: one form POST of To, From and Body
// to the Messages endpoint (SMS_API_URL, e.g. https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json)
// with HTTP Basic auth as SMS_ACCOUNT_SID:SMS_AUTH_TOKEN. Twilio, SignalWire, Telnyx's and
// several local gateways' compatibility APIs answer this same call.
//
// The phone number is never put into an error or a log line: the worker logs and stores what a
// sender throws (server/messaging), and gateways repeat the number in their error messages
// ("The 'To' number +380… is not a valid phone number."), so their messages are not passed on
// either; only the HTTP status and the gateway's numeric error code are.

export type SmsSenderConfig = { apiUrl: string; accountSid: string; authToken: string; from: string };

const configSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/ }),
  accountSid: z.string().min(1).max(64),
  authToken: z.string().min(1),
  from: z.string().min(1).max(20),
});

/** Twilio refuses bodies over 1,600 characters (code 21617); an empty body is refused too. */
const textSchema = z.string().min(1).max(1600);

/**
 * Gateway error codes that mean this number will never take our messages: the resident replied
 * STOP to our sender (21610), the number is not a valid one (21211), not a mobile one (21614) or
 * a landline where SMS is not attempted (21635). Dropping a subscriber cuts them off from route
 * news, so only codes that cannot heal by themselves are here; "cannot route now" (21612) and
 * carrier errors are retried and end visible to admins in the dead letters.
 */
export const RECIPIENT_GONE_CODES: ReadonlySet<number> = new Set([21211, 21610, 21614, 21635]);

/** Used when a 429 says nothing about when to come back (Twilio's own 429 often does not). */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
/** A Retry-After longer than this is taken as this: the worker's own backoff goes on from there. */
const MAX_RETRY_AFTER_SECONDS = 3600;
const DEFAULT_TIMEOUT_MS = 10_000;

const gatewayErrorSchema = z.object({ code: z.coerce.number().int().optional() }).loose();

export function createSmsSender(
  config: SmsSenderConfig,
  options: { timeoutMs?: number; fetch?: typeof fetch; now?: () => Date } = {},
): OutboundSender {
  const { apiUrl, accountSid, authToken, from } = configSchema.parse(config);
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());

  return {
    channel: "sms",
    async send(address: string, text: string): Promise<void> {
      // A stored address that is no phone number can never be delivered to: drop it, quietly.
      if (!smsAddressSchema.safeParse(address).success) throw new RecipientGoneError("sms: the stored address is not a phone number");
      const body = textSchema.safeParse(toGsm7WherePossible(text));
      if (!body.success) throw new Error(`sms: the message must be 1-1600 characters (got ${text.length})`);

      let response: Response;
      try {
        response = await fetchImpl(apiUrl, {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded; charset=utf-8",
            accept: "application/json",
          },
          body: new URLSearchParams({ To: address, From: from, Body: body.data }).toString(),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new Error(timedOut ? `sms: the gateway did not answer within ${timeoutMs} ms` : "sms: the gateway could not be reached", {
          cause: error instanceof Error ? { name: error.name, code: (error.cause as { code?: unknown } | undefined)?.code } : undefined,
        });
      }
      if (response.ok) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      const code = await gatewayErrorCode(response);
      const retryAfter = retryAfterSeconds(response.headers.get("retry-after"), now());
      if (response.status === 429) throw new RetryLaterError(retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS, `sms: the gateway is rate limiting (429${codeText(code)})`);
      if (response.status === 503 && retryAfter !== null) throw new RetryLaterError(retryAfter, `sms: the gateway is unavailable (503${codeText(code)})`);
      if (code !== null && RECIPIENT_GONE_CODES.has(code)) throw new RecipientGoneError(`sms: the gateway will not deliver to this number (code ${code})`);
      throw new Error(`sms: the gateway answered ${response.status}${codeText(code)}`);
    },
  };
}

/** The sender for getSmsConfig()'s settings, or null when outbound SMS is off (replies only, or SMS off). */
export function smsSenderFromConfig(config: SmsConfig | null, options?: Parameters<typeof createSmsSender>[1]): OutboundSender | null {
  if (!config?.apiUrl || !config.accountSid || !config.from) return null;
  return createSmsSender({ apiUrl: config.apiUrl, accountSid: config.accountSid, authToken: config.authToken, from: config.from }, options);
}

const codeText = (code: number | null) => (code === null ? "" : `, code ${code}`);

/** The gateway's numeric error code from a Twilio-style JSON error body, or null. */
async function gatewayErrorCode(response: Response): Promise<number | null> {
  try {
    const text = await response.text();
    if (text.length > 64 * 1024) return null;
    const parsed = gatewayErrorSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.code !== undefined ? parsed.data.code : null;
  } catch {
    return null;
  }
}

/** Retry-After in whole seconds (delta-seconds or an HTTP date), at least 1, at most an hour; null if absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const value = header.trim();
  let seconds: number;
  if (/^\d+$/.test(value)) seconds = Number(value);
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    seconds = Math.ceil((at - now.getTime()) / 1000);
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}
