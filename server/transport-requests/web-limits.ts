import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// How often the residents' web form (sending a request, withdrawing one) may be used, before
// anything is read or written. Counted in this process's memory (rate-limiter-flexible) under
// keyed hashes: a client address or a contact is never stored, not even in a counter table, since
// "this address asked for evacuation at 09:14" is itself what must not leak. A restart forgets the
// counts and each instance counts its own; the lasting limit per contact (50 an hour, across every
// channel and instance) is the database's (createTransportRequest).

export type WebRequestLimits = {
  /** Posts (sent or refused, requests and withdrawals) from one client address within the window. */
  perAddress: number;
  /** Requests from one phone number or Telegram account within the window, from the web. */
  perContact: number;
  windowSeconds: number;
};

/**
 * A whole family or a volunteer filling in for neighbours sends a few; a mobile operator's shared
 * address (carrier-grade NAT) may carry a town's residents at once, so the address limit is
 * generous. What it stops is a script flooding the pool, or guessing reference codes to withdraw
 * other people's requests (40 bits: at this rate, millions of years).
 */
export const WEB_REQUEST_LIMITS: WebRequestLimits = { perAddress: 30, perContact: 10, windowSeconds: 10 * 60 };

export type WebRequestLimiter = {
  /** Takes one post from `addressKey`: null when allowed, else how long to wait in milliseconds. */
  takeAddress(addressKey: string): Promise<number | null>;
  /** Takes one request from `contactKey` (a keyed hash of the phone or Telegram account). */
  takeContact(contactKey: string): Promise<number | null>;
};

export function createWebRequestLimiter(limits: WebRequestLimits = WEB_REQUEST_LIMITS): WebRequestLimiter {
  const byAddress = new RateLimiterMemory({ keyPrefix: "transport-address", points: limits.perAddress, duration: limits.windowSeconds });
  const byContact = new RateLimiterMemory({ keyPrefix: "transport-contact", points: limits.perContact, duration: limits.windowSeconds });
  const take = async (limiter: RateLimiterMemory, key: string) => {
    try {
      await limiter.consume(key);
      return null;
    } catch (limited) {
      if (!(limited instanceof RateLimiterRes)) throw limited;
      return limited.msBeforeNext;
    }
  };
  return { takeAddress: (key) => take(byAddress, key), takeContact: (key) => take(byContact, key) };
}

const globalForLimits = globalThis as unknown as { corridorWebRequestLimiter?: WebRequestLimiter };

/** The process's limiter (one per process, whichever route module asks). */
export function webRequestLimiter(): WebRequestLimiter {
  globalForLimits.corridorWebRequestLimiter ??= createWebRequestLimiter();
  return globalForLimits.corridorWebRequestLimiter;
}

/** Replaces the process's limiter: tests give one with small limits, or a fresh one. */
export function replaceWebRequestLimiter(limiter: WebRequestLimiter): void {
  globalForLimits.corridorWebRequestLimiter = limiter;
}
