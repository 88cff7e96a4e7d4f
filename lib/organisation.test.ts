import { describe, expect, it } from "vitest";
import { dashboardTownFilter, organisationTownSlugs, sameOrganisation } from "./organisation";

describe("organisations as free text", () => {
  it("compares names as typed: case, outer and repeated spaces do not matter; empty matches nothing", () => {
    expect(sameOrganisation("Luhansk  RMA ", "luhansk rma")).toBe(true);
    expect(sameOrganisation("Luhansk RMA", "Donetsk RMA")).toBe(false);
    expect(sameOrganisation("", "")).toBe(false);
    expect(sameOrganisation(" ", "")).toBe(false);
  });

  it("finds the organisation's towns from its routes, each once", () => {
    const routes = [
      { organisation: "Luhansk RMA", origin: { slug: "lysychansk" } },
      { organisation: "Other NGO", origin: { slug: "hirske" } },
      { organisation: "luhansk rma", origin: { slug: "lysychansk" } },
      { organisation: "Luhansk RMA", origin: { slug: "popasna" } },
    ];
    expect(organisationTownSlugs(routes, "Luhansk RMA")).toEqual(["lysychansk", "popasna"]);
    expect(organisationTownSlugs(routes, "")).toEqual([]);
  });
});

describe("the dashboard's town filter", () => {
  it("shows the organisation's towns by default, one town or all when the URL says so", () => {
    expect(dashboardTownFilter(undefined, ["lysychansk"])).toEqual({ kind: "own", slugs: ["lysychansk"] });
    expect(dashboardTownFilter("hirske", ["lysychansk"])).toEqual({ kind: "town", slugs: ["hirske"] });
    expect(dashboardTownFilter("all", ["lysychansk"])).toEqual({ kind: "all" });
  });

  it("shows every town to an organisation that runs no route yet, rather than an empty page", () => {
    expect(dashboardTownFilter(undefined, [])).toEqual({ kind: "all" });
  });
});
