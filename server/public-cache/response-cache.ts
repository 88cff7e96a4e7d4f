import zlib from "node:zlib";

/** A public answer as sent: status, headers, and the body (plain and gzip-compressed). */
export type CachedAnswer = {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  gzip: Buffer | null;
  storedAt: number;
  freshUntil: number;
  version: string;
};

/** Bodies smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

export function answerOf(status: number, headers: Record<string, string | string[]>, body: Buffer, version: string, now: number, freshMs: number): CachedAnswer {
  const type = String(headers["content-type"] ?? "");
  const compressible = body.length >= GZIP_MIN_BYTES && /^(text\/|application\/(json|geo\+json|atom\+xml|xml|cap\+xml))/.test(type);
  return { status, headers, body, gzip: compressible ? zlib.gzipSync(body, { level: 6 }) : null, storedAt: now, freshUntil: now + freshMs, version };
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
