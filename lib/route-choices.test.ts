import { describe, expect, it } from "vitest";
import { routeTownHref, routeTownQuerySchema } from "./route-choices";

describe("the town of a form's route choices", () => {
  it("keeps a well-formed slug and the typed name, cleaned and cut to the longest name searched", () => {
    expect(routeTownQuerySchema.parse({ town: "kramatorsk", townName: "  Краматорськ\u0007 " })).toEqual({ town: "kramatorsk", townName: "Краматорськ" });
    expect(routeTownQuerySchema.parse({ townName: "x".repeat(500) }).townName).toHaveLength(60);
  });

  it("drops a malformed slug, a repeated field and anything else, without refusing the page", () => {
    expect(routeTownQuerySchema.parse({ town: "../admin", townName: ["a", "b"], route: "x" })).toEqual({ town: undefined, townName: undefined });
    expect(routeTownQuerySchema.parse({})).toEqual({ town: undefined, townName: undefined });
  });

  it("links a chosen town by its slug and shown name", () => {
    expect(routeTownHref("/coordinate/agreements/new", { slug: "mykolaivka-q7-b", name: "Миколаївка" })).toBe(
      "/coordinate/agreements/new?town=mykolaivka-q7-b&townName=%D0%9C%D0%B8%D0%BA%D0%BE%D0%BB%D0%B0%D1%97%D0%B2%D0%BA%D0%B0",
    );
  });
});
