import { VERSION_CHECK_MS } from "./policy";

/**
 * What this instance knows of the public data's version: read from the database at most once per
 * VERSION_CHECK_MS (one query at a time, shared by all waiting requests). A change seen here, or a
 * write made by this instance (`invalidate`), expires the cached answers. If the database cannot be
 * read, the last known version stands: answers are then served until they expire, and after that
 * as stale copies (see the server).
 */
export class VersionTracker {
  private version: string | null = null;
  private seenAt = -Infinity;
  private checkedAt = -Infinity;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly read: () => Promise<string>,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The version to compare answers with, and when this instance first saw it. */
  async current(): Promise<{ version: string | null; seenAt: number }> {
    if (this.now() - this.checkedAt >= VERSION_CHECK_MS) await this.check();
    return { version: this.version, seenAt: this.seenAt };
  }

  /**
   * The same without waiting, when no check is due (null when one is): a cache hit then answers
   * in the same tick, without the promise, microtask and async-context bookkeeping of an await.
   */
  peek(): { version: string | null; seenAt: number } | null {
    return this.now() - this.checkedAt >= VERSION_CHECK_MS ? null : { version: this.version, seenAt: this.seenAt };
  }

  /** This instance just wrote: look again at the next request instead of waiting up to a second. */
  invalidate(): void {
    this.checkedAt = -Infinity;
    this.onChange();
  }

  private check(): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const version = await this.read();
        if (version !== this.version) {
          // The first version this instance learns is not a change: nothing is settling.
          this.seenAt = this.version === null ? -Infinity : this.now();
          this.version = version;
          this.onChange();
        }
      } catch {
        // The database is unreachable: keep what we know; the next request tries again.
      } finally {
        this.checkedAt = this.now();
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
