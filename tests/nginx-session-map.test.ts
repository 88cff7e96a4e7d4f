import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// deploy/nginx.conf keeps signed-in requests out of its cache by matching Auth.js's session cookie
// in the Cookie header with a regular expression. It must see the cookie whenever Auth.js does,
// so it is checked against the parser Auth.js itself uses on generated headers. (The expression
// uses nothing whose meaning differs between PCRE and JavaScript.)

const conf = fs.readFileSync(path.resolve("deploy/nginx.conf"), "utf8");
const block = /map \$http_cookie \$corridor_session \{([^}]*)\}/.exec(conf)?.[1] ?? "";
const pattern = /"~([^"]+)"\s+1;/.exec(block)?.[1];
const { parse } = (await import(path.resolve("node_modules/@auth/core/lib/vendored/cookie.js"))) as { parse(header: string): Record<string, string> };
const SESSION = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

const nginxSeesSession = (header: string) => new RegExp(pattern!).test(header);
const authSeesSession = (header: string) => Object.keys(parse(header)).some((name) => SESSION.test(name));

describe("nginx's session-cookie map", () => {
  it("is in deploy/nginx.conf", () => {
    expect(pattern).toBeTruthy();
  });

  it.each(["authjs.session-token=x", "a=1; authjs.session-token =x", "a=1;\tauthjs.session-token\t= x", "__Secure-authjs.session-token.0  =x", "  authjs.session-token=x"])(
    "sees %j, as Auth.js does",
    (header) => {
      expect(authSeesSession(header)).toBe(true);
      expect(nginxSeesSession(header)).toBe(true);
    },
  );

  it("agrees with Auth.js's cookie parser on generated headers", () => {
    const space = fc.constantFrom("", " ", "  ", "\t", " \t");
    const name = fc.oneof(
      fc.constantFrom("authjs.session-token", "__Secure-authjs.session-token", "authjs.session-token.0", "authjs.session-token.12", "authjs.csrf-token", "next-auth.session-token", "authjs.session-tokenx", "xauthjs.session-token", "authjs.session-token.a"),
      fc.stringMatching(/^[a-zA-Z0-9_.-]{1,12}$/),
    );
    const pair = fc.tuple(space, name, space, fc.constantFrom("=", ""), space, fc.stringMatching(/^[a-zA-Z0-9=%._-]{0,8}$/)).map(([a, n, b, eq, c, v]) => `${a}${n}${b}${eq}${c}${v}`);
    const header = fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join(";"));
    fc.assert(
      fc.property(header, (h) => nginxSeesSession(h) === authSeesSession(h)),
      { numRuns: 5_000, seed: 7 },
    );
  });
});
