import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf } from "./zod-fields";
import { sourcesField } from "./source-fields";

const schema = z.object({ sources: sourcesField(1) });
const errors = (sources: unknown) => {
  const parsed = schema.safeParse({ sources });
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("sourcesField", () => {
  it("drops blank rows and reads the rest in index order, with Kyiv local publication times", () => {
    const parsed = schema.parse({
      sources: {
        "1": { kind: "wire_agency", outlet: "Reuters", url: "https://www.reuters.com/world/europe/x", publishedAt: "2022-04-19T14:30" },
        "0": { kind: "official_channel", outlet: "", url: "https://t.me/luhansk_mva/1", publishedAt: "" },
        "2": { kind: "other", outlet: "", url: "", publishedAt: "" },
      },
    });
    expect(parsed.sources).toEqual([
      { kind: "official_channel", outlet: "t.me", url: "https://t.me/luhansk_mva/1", publishedAt: null },
      { kind: "wire_agency", outlet: "Reuters", url: "https://www.reuters.com/world/europe/x", publishedAt: new Date("2022-04-19T11:30:00Z") },
    ]);
  });

  it("refuses a missing source, a non-http link and more than 20 sources, beside the right field", () => {
    expect(errors({ "0": { outlet: "", url: "" } }).sources?.code).toBe("sourcesRequired");
    expect(errors({ "0": { outlet: "Telegram", url: "javascript:alert(1)" } })["sources.0.url"]?.code).toBe("invalidUrl");
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [String(i), { outlet: `Outlet ${i}` }]));
    expect(errors(many).sources).toEqual({ code: "tooManySources", values: { max: 20 } });
  });
});
