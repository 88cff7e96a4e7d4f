import crypto from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";

// Signs an inbound SMS webhook the way a Twilio-compatible gateway does, for tests: the
// X-Twilio-Signature is the HMAC-SHA1 (key: the auth token) of the URL the gateway called followed
// by every POST parameter's name and value, sorted by name, base64-encoded. twilio's own
// getExpectedTwilioSignature computes it, so the tests sign exactly as the validator checks.

/** What a gateway posts for one inbound SMS (Twilio's names; a few of the many it sends), with an id of its own. */
export function inboundSmsParams(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = `SM${crypto.randomBytes(16).toString("hex")}`;
  return {
    ToCountry: "UA",
    SmsMessageSid: sid,
    NumMedia: "0",
    SmsSid: sid,
    SmsStatus: "received",
    Body: body,
    To: "+380441112233",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: "ACstandin0000000000000000000000000",
    From: from,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}

/** A repeated field is signed as the gateway signs it: each of its values, sorted. */
export function signSmsWebhook(authToken: string, url: string, params: Record<string, string | string[]>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** The headers and form body of a signed webhook POST to `url`. */
export function signedSmsWebhook(authToken: string, url: string, params: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      "x-twilio-signature": signSmsWebhook(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** A signed webhook as a fetch Request (for calling the route handler directly). */
export function signedSmsRequest(authToken: string, url: string, params: Record<string, string>): Request {
  const { headers, body } = signedSmsWebhook(authToken, url, params);
  return new Request(url, { method: "POST", headers, body });
}
