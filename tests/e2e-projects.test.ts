import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import config from "../playwright.config";

// A spec that starts app instances of its own must run in the "heavy" project, one at a time:
// two of them beside the other specs starved everything into timeouts on 2 cores.
describe("Playwright projects", () => {
  const e2e = path.join(__dirname, "..", "e2e");
  const specs = fs.readdirSync(e2e).filter((f) => f.endsWith(".spec.ts"));
  const heavy = config.projects!.find((p) => p.name === "heavy")!;
  const chromium = config.projects!.find((p) => p.name === "chromium")!;
  const matches = (pattern: unknown, file: string) => (pattern instanceof RegExp ? pattern.test(path.join(e2e, file)) : false);

  it("every spec that starts instances of its own is heavy, and only those", () => {
    const starting = specs.filter((f) => /\bstartInstance\(/.test(fs.readFileSync(path.join(e2e, f), "utf8")));
    expect(starting.length).toBeGreaterThan(0);
    expect(specs.filter((f) => matches(heavy.testMatch, f)).sort()).toEqual(starting.sort());
    expect(specs.filter((f) => matches(chromium.testIgnore, f)).sort()).toEqual(starting.sort());
  });

  it("heavy specs run one at a time", () => {
    expect(heavy.workers).toBe(1);
  });

  it("heavy specs are queued first, so that their one-at-a-time chain starts with the run", () => {
    const names = config.projects!.map((p) => p.name);
    expect(names.indexOf("heavy")).toBeLessThan(names.indexOf("chromium"));
  });
});
