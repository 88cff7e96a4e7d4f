import { describe, expect, it } from "vitest";
import { incidentFiltersSchema, incidentQueryFilters } from "./incident-filters";
import { listHref } from "./list-filters";

describe("incident list filters", () => {
  it("ignores what it does not recognise instead of failing the page", () => {
    expect(incidentFiltersSchema.parse({ town: "Kreminna!", verification: "maybe", sourceKind: "eyewitness", page: "-3", q: "  " })).toEqual({ sourceKind: "eyewitness" });
  });

  it("drops control characters from the search text (PostgreSQL refuses a NUL) and cuts it to length", () => {
    expect(incidentFiltersSchema.parse({ q: "a\u0000b" }).q).toBe("a b");
    expect(incidentFiltersSchema.parse({ q: "\u0000" }).q).toBeUndefined();
    expect(incidentFiltersSchema.parse({ q: "x".repeat(500) }).q).toHaveLength(200);
    expect(incidentFiltersSchema.parse({ q: ["a", "b"] }).q).toBeUndefined();
  });

  it("turns Kyiv days into instants, the 'to' day included whole", () => {
    const f = incidentQueryFilters(incidentFiltersSchema.parse({ from: "2022-04-18", to: "2022-04-18", q: "car" }));
    expect(f.from?.toISOString()).toBe("2022-04-17T21:00:00.000Z");
    expect(f.to?.toISOString()).toBe("2022-04-18T20:59:59.999Z");
    expect(f.q).toBe("car");
  });

  it("keeps the filters in the page links", () => {
    const filters = incidentFiltersSchema.parse({ q: "shot & fled", verification: "unverified", page: "2" });
    expect(listHref("/admin/incidents", filters, 3)).toBe("/admin/incidents?q=shot+%26+fled&verification=unverified&page=3");
    expect(listHref("/admin/incidents", {}, 1)).toBe("/admin/incidents");
  });
});
