import { describe, expect, it } from "vitest";
import { characterCount } from "./character-count";
import { SLUG_MAX } from "./limits";
import { SLUG_MAX_LENGTH } from "@/lib/slug";

describe("characterCount: the live count beside a limited field", () => {
  it("counts as the server does: trimmed, a Windows line break as one character", () => {
    expect(characterCount("  ab\r\ncd  ", 10)).toEqual({ count: 5, max: 10, over: 0, level: "ok" });
  });

  it("is near from 90% of the limit and over past it, with how many too many", () => {
    expect(characterCount("x".repeat(899), 1000).level).toBe("ok");
    expect(characterCount("x".repeat(900), 1000).level).toBe("near");
    expect(characterCount("x".repeat(1000), 1000)).toEqual({ count: 1000, max: 1000, over: 0, level: "near" });
    expect(characterCount("x".repeat(1500), 1000)).toEqual({ count: 1500, max: 1000, over: 500, level: "over" });
  });

  it("the slug limit the browser shows is the one slugs are made with", () => {
    expect(SLUG_MAX).toBe(SLUG_MAX_LENGTH);
  });
});
