import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { resolveDbConfig } from "@/db/config";
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
  const db = resolveDbConfig(source);
  if (db.driver === "postgres" && env.NODE_ENV === "production") {
    throw new ConfigError(
      "AUTH_SECRET is not set; in production on PostgreSQL every instance needs the same secret: set AUTH_SECRET to the output of `openssl rand -base64 32`.",
    );
  }
  const dataDir = db.driver === "pglite" && db.dir !== ":memory:" ? path.dirname(db.dir) : path.resolve(".data");
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("base64url");
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
