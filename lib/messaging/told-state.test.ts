import { describe, expect, it } from "vitest";
import { isNews, recordedStateKey, toldStateKey, type RouteToldFacts } from "./told-state";

const at = new Date("2026-12-07T10:00:00Z");
const closed: RouteToldFacts = {
  status: "closed",
  statusConfirmedAt: new Date("2026-12-07T09:00:00Z"),
  freshnessWindowHours: 6,
  reasonCodes: ["checkpoint_closed", "shelling_or_air_strikes"],
  reason: { uk: "", ru: "", en: "Checkpoint shut" },
  instructions: [{ code: "do_not_travel" }],
  flagged: false,
};

describe("what a route's line tells", () => {
  it("is the same state whatever the confirmation time, the codes' order or spaces around the reason", () => {
    const again = { ...closed, statusConfirmedAt: new Date("2026-12-07T09:59:00Z"), reasonCodes: [...closed.reasonCodes].reverse(), reason: { uk: "", ru: "", en: " Checkpoint shut " } };
    expect(toldStateKey(again, at)).toBe(toldStateKey(closed, at));
    expect(isNews(toldStateKey(again, at), toldStateKey(closed, at))).toBe(false);
  });

  it("is news when the status, a code, the reason or the flag changes, or when it lapses to unconfirmed", () => {
    const told = toldStateKey(closed, at);
    for (const changed of [
      { ...closed, status: "open" as const },
      { ...closed, reasonCodes: ["checkpoint_closed"] },
      { ...closed, reason: { uk: "", ru: "", en: "Buses stopped: the depot was hit" } },
      { ...closed, flagged: true },
      { ...closed, instructions: [] },
      { ...closed, instructions: [{ code: "do_not_travel" as const }, { code: "shelter_in_place" as const }] },
      { ...closed, instructions: [{ code: "do_not_travel" as const }, { code: "checkpoint_closes" as const, at: "2026-12-07T18:00:00Z" }] },
    ]) {
      expect(isNews(toldStateKey(changed, at), told)).toBe(true);
    }
    expect(isNews(toldStateKey(closed, new Date("2026-12-07T15:00:01Z")), told)).toBe(true);
  });

  it("keys instructions as the line shows them: in the list's order, times as instants, none once unconfirmed", () => {
    const timed: RouteToldFacts = { ...closed, instructions: [{ code: "checkpoint_closes", at: "2026-12-07T18:00:00Z" }, { code: "do_not_travel" }] };
    const same: RouteToldFacts = { ...closed, instructions: [{ code: "do_not_travel" }, { code: "checkpoint_closes", at: "2026-12-07T18:00:00.000Z" }] };
    expect(toldStateKey(same, at)).toBe(toldStateKey(timed, at));
    expect(toldStateKey({ ...timed, instructions: [{ code: "checkpoint_closes", at: "2026-12-07T19:00:00Z" }, { code: "do_not_travel" }] }, at)).not.toBe(toldStateKey(timed, at));
    // An unconfirmed line gives no instructions (lib/route-report.ts), so they are no news then.
    const late = new Date("2026-12-07T15:00:01Z");
    expect(toldStateKey(timed, late)).toBe(toldStateKey({ ...closed, instructions: [] }, late));
  });

  it("is always news when what the recipient knows is not known", () => {
    expect(isNews(toldStateKey(closed, at), undefined)).toBe(true);
  });

  it("reads a state the outbox recorded (JSON from the trigger) as the route read then", () => {
    const recorded = { status: "closed" as const, statusConfirmedAt: "2026-12-07T09:00:00+00:00", freshnessWindowHours: 6, reasonCodes: ["shelling_or_air_strikes", "checkpoint_closed"], reason: closed.reason, instructions: [{ code: "do_not_travel" as const }], flagged: false };
    expect(recordedStateKey(recorded, at)).toBe(toldStateKey(closed, at));
    // Recorded when its confirmation had already lapsed: it read "unconfirmed" then.
    expect(recordedStateKey(recorded, new Date("2026-12-07T16:00:00Z"))).not.toBe(toldStateKey(closed, at));
    expect(recordedStateKey({ ...recorded, reasonCodes: null, reason: null }, at)).toBe(toldStateKey({ ...closed, reasonCodes: [], reason: null }, at));
    // Recorded before the trigger carried instructions: read as none.
    expect(recordedStateKey({ ...recorded, instructions: undefined }, at)).toBe(toldStateKey({ ...closed, instructions: [] }, at));
  });
});
