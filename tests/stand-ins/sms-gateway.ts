// A local stand-in for a Twilio-compatible SMS gateway's REST API, for tests and for trying the
// outbound path without a real gateway (nothing here leaves 127.0.0.1). It answers the Messages
// endpoint the way Twilio does (201 with a JSON message resource; 401 code 20003 on bad
// credentials; 400 with an error code on a bad request), records every authenticated call, and can
// be told to fail the next calls the way a gateway does when it is busy (429 + Retry-After) or
// when the recipient has opted out (400, code 21610).
//
// In-process: `const gateway = await startSmsGatewayStandIn()`; `gateway.url` is the Messages
// endpoint to put in SMS_API_URL. From another process (Playwright specs): GET /__calls,
// POST /__reset, POST /__fail {"kind": "...", "count": n}. As a program:
//   tsx tests/stand-ins/sms-gateway.ts [port]   (SMS_ACCOUNT_SID / SMS_AUTH_TOKEN from the env, or test values)
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

export const STAND_IN_ACCOUNT_SID = "ACstandin0000000000000000000000000";
export const STAND_IN_AUTH_TOKEN = "stand-in-auth-token-0123456789";

/** How the stand-in fails a call it was told to fail. */
export type SmsGatewayFailure =
  /** 429 with Retry-After (retryAfterSeconds), Twilio code 20429. */
  | "rate-limited"
  /** 400 with Twilio code 21610: the recipient replied STOP to this sender. */
  | "opted-out"
  /** 400 with Twilio code 21211: not a valid 'To' number. */
  | "invalid-number"
  /** 500 without a Twilio code. */
  | "server-error"
  /** Never answers (until the stand-in is reset or closed): for clients' timeouts. */
  | "hang";

const FAILURES = ["rate-limited", "opted-out", "invalid-number", "server-error", "hang"] as const satisfies readonly SmsGatewayFailure[];

export type SmsGatewayCall = {
  to: string;
  from: string;
  body: string;
  /** The HTTP status the stand-in answered with. */
  status: number;
  /** The message sid given to an accepted message; null when the call was failed. */
  sid: string | null;
  at: string;
};

export type SmsGatewayStandIn = {
  /** The Messages endpoint (what SMS_API_URL names). */
  url: string;
  /** Where the control endpoints (/__calls, /__reset, /__fail) live. */
  origin: string;
  accountSid: string;
  authToken: string;
  /** Every authenticated call to the Messages endpoint, oldest first (the live array). */
  calls: SmsGatewayCall[];
  /** Forgets the calls and any failures still queued; answers any hanging call. */
  reset(): void;
  /** Fails the next `count` calls with `kind`. */
  failNext(kind: SmsGatewayFailure, count?: number): void;
  close(): Promise<void>;
};

export type SmsGatewayOptions = {
  port?: number;
  accountSid?: string;
  authToken?: string;
  /** The Retry-After a "rate-limited" failure sends. */
  retryAfterSeconds?: number;
};

const failSchema = z.object({ kind: z.enum(FAILURES), count: z.number().int().min(1).max(1000).default(1) });

export async function startSmsGatewayStandIn(options: SmsGatewayOptions = {}): Promise<SmsGatewayStandIn> {
  const accountSid = options.accountSid ?? STAND_IN_ACCOUNT_SID;
  const authToken = options.authToken ?? STAND_IN_AUTH_TOKEN;
  const retryAfterSeconds = options.retryAfterSeconds ?? 7;
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const calls: SmsGatewayCall[] = [];
  let failures: SmsGatewayFailure[] = [];
  const hanging = new Set<http.ServerResponse>();

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  // Twilio's error shape: { code, message, more_info, status }.
  const twilioError = (res: http.ServerResponse, status: number, code: number, message: string, headers: http.OutgoingHttpHeaders = {}) =>
    json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

  const reset = () => {
    calls.length = 0;
    failures = [];
    for (const res of hanging) twilioError(res, 503, 20503, "Service unavailable (stand-in reset).");
    hanging.clear();
  };
  const failNext = (kind: SmsGatewayFailure, count = 1) => {
    for (let i = 0; i < count; i++) failures.push(kind);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://stand-in.invalid");
      const body = await readBody(req);
      if (url.pathname === "/__calls" && req.method === "GET") return json(res, 200, calls);
      if (url.pathname === "/__reset" && req.method === "POST") {
        reset();
        return json(res, 200, { ok: true });
      }
      if (url.pathname === "/__fail" && req.method === "POST") {
        const parsed = failSchema.safeParse(safeJson(body));
        if (!parsed.success) return json(res, 400, { error: "expected {kind, count}", kinds: FAILURES });
        failNext(parsed.data.kind, parsed.data.count);
        return json(res, 200, { ok: true, queued: failures.length });
      }
      if (url.pathname !== messagesPath) return twilioError(res, 404, 20404, "The requested resource was not found.");
      if (req.method !== "POST") return twilioError(res, 405, 20004, "Method not allowed.", { allow: "POST" });
      if (!timingSafeEqualText(req.headers.authorization ?? "", expectedAuth)) {
        return twilioError(res, 401, 20003, "Authenticate", { "www-authenticate": 'Basic realm="Twilio API"' });
      }
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        return twilioError(res, 415, 20415, "Unsupported media type.");
      }
      const form = new URLSearchParams(body);
      const to = form.get("To") ?? "";
      const from = form.get("From") ?? "";
      const text = form.get("Body") ?? "";
      if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
      if (!from) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
      if (!text) return twilioError(res, 400, 21602, "Message body is required.");
      if (text.length > 1600) return twilioError(res, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
      const call: SmsGatewayCall = { to, from, body: text, status: 0, sid: null, at: new Date().toISOString() };
      calls.push(call);
      const failure = failures.shift();
      if (failure === "hang") {
        call.status = 504;
        hanging.add(res);
        res.once("close", () => hanging.delete(res));
        return;
      }
      if (failure === "rate-limited") {
        call.status = 429;
        return twilioError(res, 429, 20429, "Too Many Requests", { "retry-after": String(retryAfterSeconds) });
      }
      if (failure === "opted-out") {
        call.status = 400;
        // Like Twilio, the message names the number: a client must never pass it on to its logs.
        return twilioError(res, 400, 21610, `Attempt to send to unsubscribed recipient ${to}`);
      }
      if (failure === "invalid-number") {
        call.status = 400;
        return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      }
      if (failure === "server-error") {
        call.status = 500;
        return json(res, 500, { message: "Internal server error" });
      }
      call.status = 201;
      call.sid = `SM${crypto.randomBytes(16).toString("hex")}`;
      const now = new Date().toUTCString();
      return json(res, 201, {
        sid: call.sid,
        account_sid: accountSid,
        to,
        from,
        body: text,
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: now,
        date_updated: now,
        uri: `${messagesPath.replace(/\.json$/, "")}/${call.sid}.json`,
      });
    } catch {
      if (!res.headersSent) json(res, 400, { message: "Bad request" });
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${messagesPath}`,
    origin,
    accountSid,
    authToken,
    calls,
    reset,
    failNext,
    close: async () => {
      reset();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections (fetch keeps them) would hold close() open until they time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

const MAX_BODY_BYTES = 64 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// Run as a program: serve until SIGTERM / SIGINT, and say where on stdout (one line of JSON).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const port = Number(process.argv[2] ?? process.env.SMS_STAND_IN_PORT ?? 0);
  const gateway = await startSmsGatewayStandIn({
    port,
    accountSid: process.env.SMS_ACCOUNT_SID || undefined,
    authToken: process.env.SMS_AUTH_TOKEN || undefined,
  });
  console.log(JSON.stringify({ smsGatewayStandIn: gateway.url, origin: gateway.origin }));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void gateway.close().finally(() => process.exit(0)));
}
