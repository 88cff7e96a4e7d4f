import { describe, expect, it } from "vitest";
import { attentionReasons, sortByAttention } from "./attention";

const now = new Date("2026-11-21T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const r = (slug: string, status: "open" | "caution" | "closed" | "unknown", confirmedMinutesAgo: number, flagged = false) => ({
  slug,
  status,
  statusConfirmedAt: minutesAgo(confirmedMinutesAgo),
  freshnessWindowHours: 6,
  reviewFlaggedAt: flagged ? minutesAgo(1) : null,
});

describe("dashboard attention", () => {
  it("names every reason a route needs a look", () => {
    expect(attentionReasons(r("a", "closed", 7 * 60, true), now)).toEqual(["stale", "flagged", "closed"]);
    expect(attentionReasons(r("b", "open", 10), now)).toEqual([]);
  });

  it("orders stale, then flagged, then closed, then the rest (oldest confirmation first)", () => {
    const sorted = sortByAttention(
      [r("fresh-open", "open", 10), r("closed", "closed", 20), r("flagged", "caution", 5, true), r("stale", "open", 400), r("older-open", "open", 50)],
      now,
    );
    expect(sorted.map((x) => x.slug)).toEqual(["stale", "flagged", "closed", "older-open", "fresh-open"]);
  });
});
