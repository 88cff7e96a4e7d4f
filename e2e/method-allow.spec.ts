import fs from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { addressesOf, appAddressFiles } from "../tests/app-addresses";
import { STORAGE_STATE, type Role } from "./fixtures/sign-in";

// Every 405 names what the address takes (RFC 9110 §15.5.6: a 405 MUST carry Allow). Walks every
// page and route handler under app/ (one language: the others differ only in their prefix) and
// sends each every method with an empty body, the staff addresses with a session too (without one
// they redirect to sign-in before any method is looked at). On a public address a 405's Allow is
// the same as its OPTIONS' (a staff page's OPTIONS is answered for its kind, forms and all, before
// a route handler among them is reached). Next's own 405 for a method a route
// handler does not export has no Allow, so a new route handler that forgets to refuse the others
// fails here.

const PORT = Number(process.env.E2E_PORT ?? 3100);
// PROPFIND: a method no part of the app answers, refused before Next by the request guard.
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "PROPFIND", "OPTIONS"] as const;
const STAFF = /^\/en\/(?:coordinate|admin)(?:\/|$)|^\/api\/admin\//;

type Answer = { status: number; allow: string | undefined };

/** One request on its own connection, with an empty body where a method may have one. */
function send(method: string, target: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: "close", ...(method === "GET" || method === "HEAD" ? {} : { "content-length": "0" }), ...(cookie ? { cookie } : {}) };
    const req = http.request({ host: "localhost", port: PORT, method, path: target, headers, agent: false, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out: ${method} ${target}`)));
    req.on("error", reject);
    req.end();
  });
}

const cookieOf = (role: Role) =>
  (JSON.parse(fs.readFileSync(STORAGE_STATE[role], "utf8")) as { cookies: { name: string; value: string }[] }).cookies.map((c) => `${c.name}=${c.value}`).join("; ");

const listed = (allow: string | undefined) => (allow ?? "").split(",").map((m) => m.trim()).filter((m) => m !== "");

test("every 405 carries Allow, never naming the method it refuses, and says what OPTIONS says", async () => {
  test.setTimeout(300_000);
  const addresses = [...new Set(appAddressFiles().flatMap(addressesOf))].filter((a) => !/^\/(?:uk|ru)(?:\/|$)/.test(a));
  expect(addresses).toEqual(expect.arrayContaining(["/api/health", "/lite", "/lite/towns/lysychansk", "/en/lite", "/api/v1/routes", "/feeds/status.atom"]));
  const cookies = { admin: cookieOf("admin"), coordinator: cookieOf("coordinator") };
  const wrong: string[] = [];
  let refusals = 0;
  for (const address of addresses) {
    const sessions: (string | undefined)[] = STAFF.test(address) ? [undefined, address.includes("admin") ? cookies.admin : cookies.coordinator] : [undefined];
    for (const cookie of sessions) {
      const who = cookie ? "signed in" : "anonymous";
      const answers = new Map<string, Answer>();
      for (const method of METHODS) answers.set(method, await send(method, address, cookie));
      const options = answers.get("OPTIONS")!;
      for (const [method, answer] of answers) {
        if (answer.status !== 405) continue;
        refusals++;
        if (!answer.allow) wrong.push(`${method} ${address} (${who}): 405 without Allow`);
        else if (listed(answer.allow).includes(method)) wrong.push(`${method} ${address} (${who}): 405 with Allow: ${answer.allow}`);
        if (!STAFF.test(address) && options.status === 204 && listed(options.allow).sort().join() !== listed(answer.allow).sort().join()) {
          wrong.push(`${method} ${address} (${who}): 405 with Allow: ${answer.allow}, but OPTIONS says Allow: ${options.allow}`);
        }
      }
      if (options.status === 204 && !options.allow) wrong.push(`OPTIONS ${address} (${who}): 204 without Allow`);
      // Whoever refuses it (the request guard, proxy.ts or the route), an address names one set.
      const allows = new Set([...answers.values()].filter((a) => a.status === 405).map((a) => listed(a.allow).sort().join(", ")));
      if (!STAFF.test(address) && allows.size > 1) wrong.push(`${address} (${who}): its 405s name different methods: ${[...allows].join(" | ")}`);
    }
  }
  // The walk reached refusals (PUT on every public address is one): the check could have failed.
  expect(refusals).toBeGreaterThan(addresses.length);
  expect(wrong).toEqual([]);
});
