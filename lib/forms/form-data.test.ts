import { describe, expect, it } from "vitest";
import { formDataToObject, indexedList } from "./form-data";

const form = (pairs: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of pairs) data.append(k, v);
  return data;
};

describe("formDataToObject", () => {
  it("keeps plain fields, groups dotted ones and collects repeated [] fields", () => {
    const object = formDataToObject(
      form([
        ["title", "Mariupol corridor"],
        ["sources.1.outlet", "UN"],
        ["sources.0.outlet", "Reuters"],
        ["sources.0.url", "https://reuters.com/x"],
        ["routeIds[]", "a"],
        ["routeIds[]", "b"],
        ["$ACTION_ID_123", ""],
      ]),
    );
    expect(object).toEqual({
      title: "Mariupol corridor",
      sources: { "0": { outlet: "Reuters", url: "https://reuters.com/x" }, "1": { outlet: "UN" } },
      routeIds: ["a", "b"],
    });
    expect(indexedList(object.sources)).toEqual([{ outlet: "Reuters", url: "https://reuters.com/x" }, { outlet: "UN" }]);
  });

  it("does not turn a forged huge index into a huge array", () => {
    const object = formDataToObject(form([["sources.99999999.outlet", "x"]]));
    expect(indexedList(object.sources)).toEqual({ "99999999": { outlet: "x" } });
  });

  it("ignores forged prototype keys", () => {
    const object = formDataToObject(form([["__proto__.polluted", "yes"], ["constructor.prototype.x", "1"], ["__proto__[]", "z"]]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(object).toEqual({});
  });
});
