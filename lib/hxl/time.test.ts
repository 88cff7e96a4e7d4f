import { describe, expect, it } from "vitest";
import { toPlaceIso } from "@/lib/iso-time";
import { exportTime } from "./time";

describe("exportTime", () => {
  it("matches toPlaceIso across both 2022 clock changes, to the second", () => {
    // Hourly (plus a few odd seconds) from before the spring change to after the autumn one, and
    // every 61 s for two hours either side of each change.
    const check = (from: number, to: number, step: number) => {
      for (let ms = from; ms < to; ms += step) expect(exportTime(new Date(ms))).toBe(toPlaceIso(new Date(ms)));
    };
    check(Date.parse("2022-03-26T00:00:00Z"), Date.parse("2022-10-31T12:00:00Z"), 3_607_017);
    for (const change of ["2022-03-27T01:00:00Z", "2022-10-30T01:00:00Z"]) {
      check(Date.parse(change) - 2 * 3_600_000, Date.parse(change) + 2 * 3_600_000, 61_003);
    }
  });

  it("switches offset exactly at the change, either side of it", () => {
    // 27 March 2022: 03:00 local (+02:00) became 04:00 (+03:00) at 01:00 UTC.
    expect(exportTime(new Date("2022-03-27T00:59:59.999Z"))).toBe("2022-03-27T02:59:59+02:00");
    expect(exportTime(new Date("2022-03-27T01:00:00Z"))).toBe("2022-03-27T04:00:00+03:00");
    // 30 October 2022: 04:00 local (+03:00) went back to 03:00 (+02:00) at 01:00 UTC.
    expect(exportTime(new Date("2022-10-30T00:59:59Z"))).toBe("2022-10-30T03:59:59+03:00");
    expect(exportTime(new Date("2022-10-30T01:00:00Z"))).toBe("2022-10-30T03:00:00+02:00");
  });

  it("works for other zones and years too", () => {
    for (const iso of ["1999-12-31T23:59:59Z", "2026-07-01T12:34:56.789Z"]) {
      expect(exportTime(new Date(iso), "America/St_Johns")).toBe(toPlaceIso(new Date(iso), "America/St_Johns"));
      expect(exportTime(new Date(iso))).toBe(toPlaceIso(new Date(iso)));
    }
  });
});
