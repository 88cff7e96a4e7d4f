import { VERSION_CHECK_MS } from "./policy";

/**
 * The oldest check a cache hit may still rely on without waiting for the next one: a change on
 * another instance reaches this one's answers within this (plus the check's own time).
 */
export const VERSION_STALE_MS = 2 * VERSION_CHECK_MS;

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
   * What is known, without waiting, while it is recent: a cache hit then answers in the same tick.
   * Once a check is due, it starts one in the background and still answers from what the last
   * check saw, for up to VERSION_STALE_MS after that check: a database slow to answer (a busy
   * server, a long queue) must not hold every cache hit in the meantime, as awaiting each check
   * did. Past that (or never checked, or after this instance wrote) null: the caller waits.
   */
  peek(): { version: string | null; seenAt: number } | null {
    const age = this.now() - this.checkedAt;
    if (age >= VERSION_STALE_MS) return null;
    if (age >= VERSION_CHECK_MS) void this.check();
    return { version: this.version, seenAt: this.seenAt };
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
