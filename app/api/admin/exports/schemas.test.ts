import { describe, expect, it } from "vitest";
import { dayRange, describeIssues, incidentExportQuery, routeExportQuery, searchObject } from "./schemas";

const issues = (input: Record<string, string>) => {
  const r = incidentExportQuery.safeParse(input);
  return r.success ? null : describeIssues(r.error);
};

describe("export parameters", () => {
  it("default to the partner scope; blanks mean not given", () => {
    expect(incidentExportQuery.parse({})).toEqual({ scope: "partner" });
    expect(incidentExportQuery.parse({ scope: "", category: "", from: "", to: "", verification: "" })).toEqual({ scope: "partner" });
    expect(routeExportQuery.parse({ scope: "internal", from: "2022-04-01" })).toEqual({ scope: "internal", from: "2022-04-01" });
  });

  it("refuse bad values with a specific message", () => {
    expect(issues({ scope: "intrenal" })).toBe("scope: must be one of: partner, internal");
    expect(issues({ category: "shelling" })).toMatch(/^category: must be one of: attack_on_civilians_in_transit, /);
    expect(issues({ from: "18.04.2022" })).toBe("from: must be a date written YYYY-MM-DD");
    expect(issues({ to: "2022-02-30" })).toBe("to: is not a date in the calendar");
    expect(issues({ from: "2022-04-18", to: "2022-04-01" })).toBe("to: is before from");
    expect(issues({ scop: "internal" })).toBe("unknown parameter: scop");
    expect(issues({ verification: "false" })).toBe("verification: false is never in the partner scope; use scope=internal");
    expect(issues({ scope: "internal", verification: "false" })).toBeNull();
  });

  it("refuse a parameter given twice", () => {
    expect(searchObject(new URL("http://x/e?scope=partner&scope=internal"))).toEqual({ ok: false, message: "scope: given more than once" });
    expect(searchObject(new URL("http://x/e?scope=internal&from=2022-04-01"))).toEqual({ ok: true, value: { scope: "internal", from: "2022-04-01" } });
  });

  it("turn Kyiv days into a half-open range, across the clock change", () => {
    // Clocks went forward on 27 March 2022: that day starts at +02:00, the next at +03:00.
    expect(dayRange({ from: "2022-03-27", to: "2022-03-27" })).toEqual({
      from: new Date("2022-03-26T22:00:00Z"),
      before: new Date("2022-03-27T21:00:00Z"),
    });
    expect(dayRange({})).toEqual({ from: undefined, before: undefined });
  });
});
