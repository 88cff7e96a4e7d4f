import zlib from "node:zlib";
import { publicCacheKey } from "./policy";

/** A public answer as sent: status, headers, and the body (plain and gzip-compressed). */
export type CachedAnswer = {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  gzip: Buffer | null;
  storedAt: number;
  freshUntil: number;
  version: string;
  /**
   * When what the answer says next changes by the clock alone (lib/next-change.ts), or null: no
   * copy, here or in any cache it is sent to, is kept past it (shared-cache.ts).
   */
  nextChange: number | null;
};

/** What send() says of where an answer came from (header x-corridor-cache). */
export type CacheOutcome = "HIT" | "MISS" | "BYPASS" | "STALE";

/** Bodies smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

export function answerOf(status: number, headers: Record<string, string | string[]>, body: Buffer, version: string, now: number, freshMs: number, nextChange: number | null = null): CachedAnswer {
  const type = String(headers["content-type"] ?? "");
  const compressible = body.length >= GZIP_MIN_BYTES && /^(text\/|application\/(json|geo\+json|atom\+xml|xml|cap\+xml))/.test(type);
  return { status, headers, body, gzip: compressible ? zlib.gzipSync(body, { level: 6 }) : null, storedAt: now, freshUntil: now + freshMs, version, nextChange };
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
 * takes, made once per answer and way of sending (plain, gzip, 304) and outcome, then reused by
 * every request it answers. A cache hit then costs one writeHead and one end, as for a plain
 * server sending the same bytes: no header is validated, lowercased and stored per request by
 * setHeader, which was most of the cached path's own time.
 */
const prepared = new WeakMap<CachedAnswer, Map<string, (string | string[])[]>>();

export function preparedHeaders(answer: CachedAnswer, form: "plain" | "gzip" | "304", outcome: CacheOutcome): readonly (string | string[])[] {
  let forms = prepared.get(answer);
  if (!forms) {
    forms = new Map();
    prepared.set(answer, forms);
  }
  const id = `${form} ${outcome}`;
  let headers = forms.get(id);
  if (!headers) {
    headers = [];
    for (const [name, value] of Object.entries(answer.headers)) {
      // A name sent twice would be two header lines: the ones below are send()'s own.
      if (!HOP_HEADERS.has(name) && name !== "vary" && name !== "x-corridor-cache") headers.push(name, value);
    }
    headers.push("x-corridor-cache", outcome);
    // Vary as the answer had it, with Accept-Encoding whenever there is a compressed body to choose.
    const vary = [answer.headers["vary"] ?? []].flat().join(", ");
    const varies = answer.gzip && !/\baccept-encoding\b/i.test(vary) ? (vary ? `${vary}, Accept-Encoding` : "Accept-Encoding") : vary;
    if (varies) headers.push("vary", varies);
    if (form !== "304") {
      const body = form === "gzip" ? answer.gzip! : answer.body;
      if (form === "gzip") headers.push("content-encoding", "gzip");
      headers.push("content-length", String(body.length));
    }
    forms.set(id, headers);
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
