import crypto from "node:crypto";

/**
 * How many failed sign-ins are allowed before further attempts are refused, and for how long.
 * Counted per account (the normalised email, whether or not an account has it, so the refusal
 * reveals nothing about which emails exist) and per client address, in fixed windows that start
 * at the first failure: once a limit is reached, every attempt (a correct password included) is
 * refused until that window ends.
 */
export type LoginLimits = { maxPerAccount: number; maxPerAddress: number; windowSeconds: number };

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxPerAccount: 5, maxPerAddress: 20, windowSeconds: 15 * 60 };

/**
 * The counter key of an account: a hash of the normalised email, so the table holds no typed
 * addresses (people sometimes type a password into the email field) and any length fits.
 */
export function accountLimitKey(normalisedEmail: string): string {
  return crypto.createHash("sha256").update(normalisedEmail).digest("hex");
}

/**
 * The counter key of a client address (server/client-address.ts works out which address that is).
 * No address (a server that did not record one, such as `next dev`) counts under one shared key,
 * so a client can never spread its guesses by leaving the address out.
 */
export function addressLimitKey(address: string | null | undefined): string {
  return normaliseAddress(address?.trim() || "unknown");
}

/**
 * "::ffff:127.0.0.1" and "127.0.0.1" are one client, and so is a whole IPv6 /64: one subscriber
 * usually holds one, and counting each of its 2^64 addresses apart would make the per-address
 * limit meaningless. Keys stay short and printable.
 */
function normaliseAddress(address: string): string {
  const bare = address.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/%.*$/, "").toLowerCase();
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (v4) return v4[1]!;
  const prefix = ipv6Prefix64(bare);
  if (prefix) return prefix;
  return bare.replace(/[^0-9a-z.:_-]/g, "").slice(0, 64) || "unknown";
}

/** The /64 network of an IPv6 address ("2001:db8:1:2::/64"), or null if it is not one. */
function ipv6Prefix64(address: string): string | null {
  if (!address.includes(":") || !/^[0-9a-f:]+$/.test(address)) return null;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Whole minutes until the refusal ends, never 0 (a refusal says "in 1 minute", not "in 0"). */
export function minutesUntil(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 60_000));
}
