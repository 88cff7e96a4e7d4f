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
  const waiting = config.projects!.find((p) => p.name === "waiting")!;
  const matches = (pattern: unknown, file: string): boolean =>
    Array.isArray(pattern) ? pattern.some((each) => matches(each, file)) : pattern instanceof RegExp ? pattern.test(path.join(e2e, file)) : false;

  it("every spec that starts instances of its own is heavy, and only those", () => {
    const starting = specs.filter((f) => /\bstartInstance\(/.test(fs.readFileSync(path.join(e2e, f), "utf8")));
    expect(starting.length).toBeGreaterThan(0);
    expect(specs.filter((f) => matches(heavy.testMatch, f)).sort()).toEqual(starting.sort());
    const waitingSpecs = specs.filter((f) => matches(waiting.testMatch, f));
    expect(specs.filter((f) => matches(chromium.testIgnore, f)).sort()).toEqual([...starting, ...waitingSpecs].sort());
  });

  it("the waiting specs start no instances and take the third worker only after the heavy chain", () => {
    const waitingSpecs = specs.filter((f) => matches(waiting.testMatch, f));
    expect(waitingSpecs).toEqual(["route-report.spec.ts"]);
    for (const f of waitingSpecs) expect(fs.readFileSync(path.join(e2e, f), "utf8")).not.toMatch(/\bstartInstance\(/);
    expect(waiting.workers).toBe(1);
    const names = config.projects!.map((p) => p.name);
    expect(names.indexOf("waiting")).toBeGreaterThan(names.indexOf("chromium"));
  });

  it("heavy specs run one at a time", () => {
    expect(heavy.workers).toBe(1);
  });

  // Each ordinary test keeps about a core busy: a third ordinary worker would only slow the two
  // (docs/ci.md). The third worker is the heavy chain's, which mostly waits.
  it("two ordinary workers, and the heavy chain's beside them", () => {
    expect(chromium.workers).toBe(2);
    expect(config.workers).toBe(2 + 1);
  });

  it("heavy specs are queued first, so that their one-at-a-time chain starts with the run", () => {
    const names = config.projects!.map((p) => p.name);
    expect(names.indexOf("heavy")).toBeLessThan(names.indexOf("chromium"));
  });
});
