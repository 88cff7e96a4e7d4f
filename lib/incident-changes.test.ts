import { describe, expect, it } from "vitest";
import { fieldChanges } from "./incident-changes";

describe("fieldChanges", () => {
  it("records only what changed, with dates as ISO text", () => {
    const before = { killed: 4, injured: null, occurredAt: new Date("2022-04-18T00:00:00Z"), summary: "Four civilians shot" };
    const after = { killed: 4, injured: 2, occurredAt: new Date("2022-04-17T00:00:00Z"), summary: "Four civilians shot" };
    expect(fieldChanges(before, after)).toEqual({
      injured: { from: null, to: 2 },
      occurredAt: { from: "2022-04-18T00:00:00.000Z", to: "2022-04-17T00:00:00.000Z" },
    });
  });

  it("treats unknown (null) and 0 as different: unknown is not zero", () => {
    expect(fieldChanges({ missing: null }, { missing: 0 })).toEqual({ missing: { from: null, to: 0 } });
  });

  it("lists every field as new on creation", () => {
    expect(fieldChanges({}, { category: "other", sources: ["Reuters"] })).toEqual({
      category: { from: null, to: "other" },
      sources: { from: null, to: ["Reuters"] },
    });
  });
});
