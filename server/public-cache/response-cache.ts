import { packed, type Finished } from "./finish";
import { publicCacheKey } from "./policy";

/**
 * A public answer as sent: what the finishing steps made of it (finish.ts: the body plain and
 * compressed, its next change, whether it is a residents' page), and when it was stored for which
 * version of the public data. When what it says next changes by the clock alone, no copy, here or
 * in any cache it is sent to, is kept past it (shared-cache.ts).
 */
export type CachedAnswer = Finished & {
  storedAt: number;
  freshUntil: number;
  version: string;
  /** Its header lists, made once per way of sending (preparedHeaders). */
  readonly prepared: Map<string, (string | string[])[]>;
  /** Its copy marked with its time, made once at the first request during an outage (server.ts sendStale). */
  staleCopy: CachedAnswer | null;
};

/** What send() says of where an answer came from (header x-corridor-cache). */
export type CacheOutcome = "HIT" | "MISS" | "BYPASS" | "STALE";

/** A finished answer, stored for `version` at `now`, fresh for `freshMs`. */
export function storedAnswer(finished: Finished, version: string, now: number, freshMs: number): CachedAnswer {
  return { ...finished, storedAt: now, freshUntil: now + freshMs, version, prepared: new Map(), staleCopy: null };
}

/** An answer the cache makes itself (no islands, policy or tag of its own to work out): compressed and stored. */
export function answerOf(status: number, headers: Record<string, string | string[]>, body: Buffer, version: string, now: number, freshMs: number, nextChange: number | null = null): CachedAnswer {
  return storedAnswer(packed({ status, headers, body }, { residentPage: false, nextChange }), version, now, freshMs);
}

/**
 * The in-process store of public answers, least recently used out first, bounded in entries and
 * bytes so that a flood of distinct URLs (search queries) cannot exhaust memory.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting marks it as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, answer: CachedAnswer): void {
    this.delete(key);
    this.entries.set(key, answer);
    this.bytes += sizeOf(answer);
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  /** Marks every answer out of date without forgetting it: still usable if the database is down. */
  expireAll(): void {
    for (const entry of this.entries.values()) entry.freshUntil = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= sizeOf(entry);
    this.entries.delete(key);
  }
}

const sizeOf = (answer: CachedAnswer) => answer.body.length + (answer.gzip?.length ?? 0) + 512;

/** Set per response by Node or by send() itself, never copied from a stored answer. */
const HOP_HEADERS = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date"]);

/**
 * The response headers of an answer, as the flat [name, value, name, value, …] list writeHead
 * takes, made once per answer and way of sending (plain, gzip, or a 304 for either) and outcome,
 * then reused by every request it answers. A cache hit then costs one writeHead and one end, as for
 * a plain server sending the same bytes: no header is validated, lowercased and stored per request
 * by setHeader, which was most of the cached path's own time. The gzip body has its own ETag.
 * With `ownCacheControl`, without the stored Cache-Control: the request appends its own.
 */
export function preparedHeaders(answer: CachedAnswer, form: "plain" | "gzip" | "304" | "304-gzip", outcome: CacheOutcome, ownCacheControl = false): (string | string[])[] {
  const id = `${form} ${outcome} ${ownCacheControl}`;
  let headers = answer.prepared.get(id);
  if (!headers) {
    headers = [];
    const gzipped = form === "gzip" || form === "304-gzip";
    for (const [name, value] of Object.entries(answer.headers)) {
      // A name sent twice would be two header lines: the ones below are send()'s own.
      if (HOP_HEADERS.has(name) || name === "vary" || name === "x-corridor-cache" || (ownCacheControl && name === "cache-control")) continue;
      headers.push(name, name === "etag" && gzipped && answer.gzipEtag !== null ? answer.gzipEtag : value);
    }
    headers.push("x-corridor-cache", outcome);
    // Vary as the answer had it, with Accept-Encoding whenever there is a compressed body to choose.
    const vary = [answer.headers["vary"] ?? []].flat().join(", ");
    const varies = answer.gzip && !/\baccept-encoding\b/i.test(vary) ? (vary ? `${vary}, Accept-Encoding` : "Accept-Encoding") : vary;
    if (varies) headers.push("vary", varies);
    if (form === "plain" || form === "gzip") {
      const body = form === "gzip" ? answer.gzip! : answer.body;
      if (form === "gzip") headers.push("content-encoding", "gzip");
      headers.push("content-length", String(body.length));
    }
    answer.prepared.set(id, headers);
  }
  return headers;
}

/**
 * publicCacheKey for a request, remembered by everything the key is made of (method, URL, Host,
 * X-Forwarded-Host and -Proto), so a cache hit does not parse its URL and test it against the
 * public paths again. The client-navigation headers that make a request uncacheable are checked
 * each time (they are not part of the key). Bounded: a flood of distinct URLs only empties it.
 */
export class CacheKeys {
  private readonly keys = new Map<string, string | null>();

  constructor(private readonly maxEntries = 5_000) {}

  of(request: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> }): string | null {
    const { headers } = request;
    if (headers["rsc"] || headers["next-router-state-tree"] || headers["next-router-prefetch"]) return null;
    const facts = `${request.method} ${request.url}\n${String(headers.host)}\n${String(headers["x-forwarded-host"])}\n${String(headers["x-forwarded-proto"])}`;
    let key = this.keys.get(facts);
    if (key === undefined) {
      key = publicCacheKey(request);
      if (this.keys.size >= this.maxEntries) this.keys.clear();
      this.keys.set(facts, key);
    }
    return key;
  }
}
