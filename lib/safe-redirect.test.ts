import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInPath } from "./safe-redirect";

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

describe("signInPath", () => {
  it("keeps a staff page's language and the page itself as the callback", () => {
    expect(signInPath("/uk/coordinate")).toBe("/uk/login?callbackUrl=%2Fuk%2Fcoordinate");
    expect(signInPath("/ru/admin/accounts?x=1", "revoked")).toBe("/ru/login?reason=revoked&callbackUrl=%2Fru%2Fadmin%2Faccounts%3Fx%3D1");
  });

  it("keeps the language but no callback for a page sign-in does not lead back to, or one too long to", () => {
    expect(signInPath("/en/login")).toBe("/en/login");
    expect(signInPath(`/uk/coordinate?q=${"a".repeat(600)}`)).toBe("/uk/login");
  });

  it.each([null, "", "//evil.example/uk/coordinate", "https://evil.example/uk/coordinate", "/\\evil.example", "/xx/coordinate"])("falls back to the unprefixed sign-in for %s", (value) => {
    expect(signInPath(value)).toBe("/login");
    expect(signInPath(value, "disabled")).toBe("/login?reason=disabled");
  });
});
