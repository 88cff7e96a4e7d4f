import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-redirect";

describe("safeCallbackPath", () => {
  it("keeps a same-site path", () => {
    expect(safeCallbackPath("/en/admin?x=1", "/en/coordinate")).toBe("/en/admin?x=1");
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", "/\u0000x", 42, undefined, `/${"a".repeat(600)}`])(
    "refuses %s",
    (value) => {
      expect(safeCallbackPath(value, "/en/coordinate")).toBe("/en/coordinate");
    },
  );
});
