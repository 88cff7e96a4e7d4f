import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { oneRoleSetting, resolveDbConfig } from "@/db/config";
import { ConfigError } from "@/lib/config-error";
import { DEFAULT_FLAG_DISTANCE_KM } from "@/lib/geo/proximity";
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from "@/lib/login-limits";

// The environment Corridor reads, validated once. Database settings are parsed in db/config.ts
// (they are needed by scripts too); this adds the rest.
// An empty variable (AUTH_SECRET= in a shell or .env) means "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(z.string()),
  // The schema owner's login, for migrations only (db/config.ts checks both URLs' form).
  DATABASE_OWNER_URL: optional(z.string()),
  // The weaker setup where one role owns the schema and runs the app (db/config.ts).
  DATABASE_ONE_ROLE: oneRoleSetting,
  PGLITE_DIR: optional(z.string()),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (use `openssl rand -base64 32`)")),
  // The public address (read by Auth.js itself too). An https:// address also turns on HSTS and
  // Secure cookies whatever the request's headers say (server/security/headers.ts).
  AUTH_URL: optional(z.string().regex(/^https?:\/\/[^\s"'<>]+$/, "must be an http:// or https:// URL")),
  PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((v) => v ?? 3000),
  // Maps work without tiles (a bundled basemap); a tile server is an optional extra.
  MAP_TILE_URL: optional(
    z
      .string()
      .regex(/^https:\/\/[^\s"'<>]+$/, "must be an https:// URL")
      .refine((u) => u.includes("{z}") && u.includes("{x}") && u.includes("{y}"), "must contain {z}, {x} and {y}"),
  ),
  MAP_TILE_ATTRIBUTION: optional(z.string().max(300)),
  // An incident this close (km) to a route's line flags the route for review.
  INCIDENT_FLAG_DISTANCE_KM: optional(z.coerce.number().positive().max(100)),
  // Sign-in protection: how many reverse proxies in front of the app append to X-Forwarded-For
  // (0: the app is reached directly; server/client-address.ts), and the failed sign-in limits
  // (lib/login-limits.ts).
  TRUSTED_PROXY_HOPS: optional(z.coerce.number().int().min(0).max(10)),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: optional(z.coerce.number().int().min(1).max(1000)),
  LOGIN_MAX_FAILURES_PER_ADDRESS: optional(z.coerce.number().int().min(1).max(100_000)),
  LOGIN_FAILURE_WINDOW_MINUTES: optional(z.coerce.number().int().min(1).max(24 * 60)),
  // CAP <sender>: the organisation's stable identifier in every alert, an e-mail address or a
  // domain name (CAP: globally unique, no spaces, commas, "<" or "&"). Receivers match Updates and
  // Cancels to earlier alerts by it, so it must not change with the host a request came in on.
  CAP_SENDER: optional(
    z
      .string()
      .max(254)
      .refine(
        (v) => z.email().safeParse(v).success || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(v),
        "must be an e-mail address (alerts@your-organisation.org) or a domain name (alerts.your-organisation.org)",
      ),
  ),
  // Messaging (server/messaging/). Each channel is off until its variables are set.
  // Telegram: the bot's token from @BotFather and the secret Telegram sends back on every webhook
  // call (setWebhook's secret_token: 1-256 of A-Z a-z 0-9 _ -). TELEGRAM_API_ROOT points grammY at
  // another Bot API server (a local one, or the tests' stand-in).
  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "must look like 123456:ABC-DEF… (from @BotFather)")),
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16-256 characters of A-Z, a-z, 0-9, _ and -")),
  TELEGRAM_API_ROOT: optional(z.string().regex(/^https?:\/\/[^\s"'<>]+$/, "must be an http:// or https:// URL")),
  // SMS through a Twilio-compatible gateway: inbound webhooks are signed with SMS_AUTH_TOKEN;
  // outbound messages are POSTed to SMS_API_URL (the gateway's Messages endpoint) as SMS_ACCOUNT_SID.
  SMS_AUTH_TOKEN: optional(z.string().min(16, "must be at least 16 characters")),
  SMS_API_URL: optional(z.string().regex(/^https?:\/\/[^\s"'<>]+$/, "must be an http:// or https:// URL")),
  SMS_ACCOUNT_SID: optional(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -")),
  SMS_FROM: optional(z.string().regex(/^\+?[A-Za-z0-9]{3,20}$/, "must be a phone number in E.164 (+380…) or a sender id")),
  // Messages a second the gateway accepts from this account, shared by every instance.
  SMS_PER_SECOND: optional(z.coerce.number().int("must be a whole number of messages a second").min(1).max(1000)),
  // 32 bytes, base64: encrypts subscribers' chat ids and phone numbers at rest and keys their hash.
  SUBSCRIBER_KEY: optional(z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes in base64 (use `openssl rand -base64 32`)")),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") || "environment"} ${issue?.message}.`);
  }
  return parsed.data;
}

/**
 * The secret that signs session tokens. In production on PostgreSQL it must be given (all
 * instances must share it). Elsewhere, for the zero-setup demo, one is generated once and kept
 * beside the embedded database so sessions survive restarts.
 */
export function getAuthSecret(source: Record<string, string | undefined> = process.env): string {
  const env = readEnv(source);
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  return demoSecret(source, "auth-secret", "AUTH_SECRET", () => crypto.randomBytes(32).toString("base64url"));
}

/**
 * A secret for the zero-setup demo, generated once and kept beside the embedded database so it
 * survives restarts. In production on PostgreSQL it must be given: every instance needs the same.
 */
function demoSecret(source: Record<string, string | undefined>, fileName: string, variable: string, generate: () => string): string {
  const env = readEnv(source);
  const db = resolveDbConfig(source);
  if (db.driver === "postgres" && env.NODE_ENV === "production") {
    throw new ConfigError(
      `${variable} is not set; in production on PostgreSQL every instance needs the same secret: set ${variable} to the output of \`openssl rand -base64 32\`.`,
    );
  }
  const dataDir = db.driver === "pglite" && db.dir !== ":memory:" ? path.dirname(db.dir) : path.resolve(".data");
  const file = path.join(dataDir, fileName);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = generate();
    fs.mkdirSync(dataDir, { recursive: true });
    // wx: if another process wrote it first, keep theirs.
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

export type MapTiles = { url: string; attribution: string } | null;

/** The optional tile layer for every map; null means the bundled basemap only. */
export function getMapTiles(source: Record<string, string | undefined> = process.env): MapTiles {
  const env = readEnv(source);
  return env.MAP_TILE_URL ? { url: env.MAP_TILE_URL, attribution: env.MAP_TILE_ATTRIBUTION ?? "" } : null;
}

/** The configured public address (AUTH_URL), or null: the request's own address is used. */
export function getPublicUrl(source: Record<string, string | undefined> = process.env): string | null {
  return readEnv(source).AUTH_URL ?? null;
}

/**
 * Stands in for CAP_SENDER in the demo and in tests. `.invalid` is reserved (RFC 6761): it can
 * never be a real organisation's address, so an alert sent from an unconfigured deployment says
 * it is a demo instead of borrowing a name, and nobody can reply to or spoof a real sender.
 */
export const DEMO_CAP_SENDER = "corridor-demo@example.invalid";

/** The CAP <sender> of every alert: CAP_SENDER, or the demo's own. */
export function getCapSender(source: Record<string, string | undefined> = process.env): string {
  return readEnv(source).CAP_SENDER ?? DEMO_CAP_SENDER;
}

/** How close an incident must be to a route's line to flag the route "under review". */
export function getFlagDistanceKm(source: Record<string, string | undefined> = process.env): number {
  return readEnv(source).INCIDENT_FLAG_DISTANCE_KM ?? DEFAULT_FLAG_DISTANCE_KM;
}

/** The failed sign-in limits. */
export function getLoginProtection(source: Record<string, string | undefined> = process.env): LoginLimits {
  const env = readEnv(source);
  return {
    maxPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? DEFAULT_LOGIN_LIMITS.maxPerAccount,
    maxPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? DEFAULT_LOGIN_LIMITS.maxPerAddress,
    windowSeconds: env.LOGIN_FAILURE_WINDOW_MINUTES ? env.LOGIN_FAILURE_WINDOW_MINUTES * 60 : DEFAULT_LOGIN_LIMITS.windowSeconds,
  };
}

/** How many reverse proxies that append to X-Forwarded-For stand in front of the app. */
export function getTrustedProxyHops(source: Record<string, string | undefined> = process.env): number {
  return readEnv(source).TRUSTED_PROXY_HOPS ?? 0;
}

export type TelegramConfig = { token: string; webhookSecret: string; apiRoot: string };

/** The Telegram bot, or null when it is off (both TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET are needed). */
export function getTelegramConfig(source: Record<string, string | undefined> = process.env): TelegramConfig | null {
  const env = readEnv(source);
  if (!env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET) return null;
  if (!env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError("The Telegram bot needs both TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET; set both, or neither to turn it off.");
  }
  return { token: env.TELEGRAM_BOT_TOKEN, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET, apiRoot: env.TELEGRAM_API_ROOT ?? "https://api.telegram.org" };
}

export type SmsConfig = { authToken: string; apiUrl: string | null; accountSid: string | null; from: string | null; perSecond: number };

/** What most gateways allow one account by default (Twilio: 1 a second per long code, more per short code or sender pool). */
export const DEFAULT_SMS_PER_SECOND = 10;

/**
 * The SMS gateway, or null when SMS is off (SMS_AUTH_TOKEN unset). Inbound needs only the token;
 * outbound notifications also need SMS_API_URL, SMS_ACCOUNT_SID and SMS_FROM.
 */
export function getSmsConfig(source: Record<string, string | undefined> = process.env): SmsConfig | null {
  const env = readEnv(source);
  if (!env.SMS_AUTH_TOKEN) {
    if (env.SMS_API_URL) throw new ConfigError("SMS_API_URL is set but SMS_AUTH_TOKEN is not; the gateway needs its token.");
    return null;
  }
  const outbound = [env.SMS_API_URL, env.SMS_ACCOUNT_SID, env.SMS_FROM];
  if (outbound.some(Boolean) && !outbound.every(Boolean)) {
    throw new ConfigError("Outbound SMS needs SMS_API_URL, SMS_ACCOUNT_SID and SMS_FROM together; set all three, or none for replies only.");
  }
  return { authToken: env.SMS_AUTH_TOKEN, apiUrl: env.SMS_API_URL ?? null, accountSid: env.SMS_ACCOUNT_SID ?? null, from: env.SMS_FROM ?? null, perSecond: env.SMS_PER_SECOND ?? DEFAULT_SMS_PER_SECOND };
}

/** The 32-byte key for subscribers' addresses (lib/sealing.ts). */
export function getSubscriberKey(source: Record<string, string | undefined> = process.env): Buffer {
  const env = readEnv(source);
  const encoded = env.SUBSCRIBER_KEY ?? demoSecret(source, "subscriber-key", "SUBSCRIBER_KEY", () => crypto.randomBytes(32).toString("base64"));
  return Buffer.from(encoded, "base64");
}

/** The public address links in bot messages point to: AUTH_URL, else this server on localhost. */
export function getLinkBaseUrl(source: Record<string, string | undefined> = process.env): string {
  const env = readEnv(source);
  return (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
