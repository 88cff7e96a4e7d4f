import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createDatabase, freePort, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { skipUnlessNginx, startNginx, type Nginx } from "./fixtures/nginx";
import { fuzzSeed, runRawFuzz, type AllowedRefusal } from "./fixtures/raw-fuzz";

// The raw-socket fuzz (fixtures/raw-fuzz.ts) against a production instance of this spec's own,
// once directly and once through nginx with the shipped deploy/nginx.conf, with the same seed:
// no answer ≥ 500 either way, and nothing in the instance's log that says a request failed in the
// app (a stack trace, scripts/serve.ts's "request failed"). Skipped, saying so, when nginx or
// PostgreSQL is missing (.ci/run installs both).

const RUNS = Number(process.env.E2E_NGINX_FUZZ_RUNS ?? 150);

/** Nothing in the log of a server that failed a request: the assertion prints the lines around the first. */
function expectCleanLog(log: string | null): void {
  expect(log, "the instance's output was captured").not.toBeNull();
  // One kind of trace is left out: Node's "aborted" (ECONNRESET) for a client that hung up in the
  // middle of its own body. It was seen once in many runs and not reproduced; no answer is lost
  // with it (the client is gone). Every other trace fails the test with the lines around it.
  const entries = log!.split(/\n(?=\S)/);
  const traces = entries.filter((entry) => /\n\s+at /.test(entry) && !/^(\S+ )?Error: aborted\b/.test(entry) && !/\bECONNRESET\b/.test(entry.split("\n")[0]!));
  expect(traces.slice(0, 1).map((entry) => entry.slice(0, 1000)), "no stack trace in the instance's log").toEqual([]);
  expect(log, "no failed request in the instance's log").not.toContain("request failed");
}

test.describe("raw-HTTP fuzz, directly and through nginx", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(60_000);

  let db: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let instance: Instance | undefined;
  let nginx: Nginx | undefined;
  let appPort: number;
  const seed = fuzzSeed();

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    skipUnlessNginx("e2e/raw-fuzz-nginx.spec.ts");
    await skipUnlessPostgres("e2e/raw-fuzz-nginx.spec.ts (an instance of its own behind nginx)");
    db = await createDatabase();
    appPort = await freePort();
    // nginx is one trusted hop, as deployed.
    instance = await startInstance(appPort, db.url, crypto.randomBytes(32).toString("base64url"), { captureOutput: true, env: { TRUSTED_PROXY_HOPS: "1" } });
    nginx = await startNginx([appPort]);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    await instance?.stop();
    await db?.drop();
  });

  test("directly: no answer ≥ 500, no hang, nothing failed in the log", async () => {
    await runRawFuzz({ port: appPort, runs: RUNS, seed, label: "raw-socket fuzz, directly", afterEach: () => expectCleanLog(instance!.output()) });
    expect((await fetch(`${instance!.url}/api/health`)).status).toBe(200);
    expectCleanLog(instance!.output());
  });

  test("through nginx: no answer ≥ 500, no hang, nothing failed in the log", async () => {
    // nginx's own refusals of requests it never forwards, as HTTP says they must be answered
    // (RFC 9110 §15.6.2 and §15.6.6): not a failure of anything. Its 502 or 504 would be one.
    const allowed: AllowedRefusal[] = [
      { reason: "505 for an HTTP major version other than 1 (HTTP/2.0, HTTP/9 in the request line)", applies: (request, status) => status === 505 && /^[^\r\n]* HTTP\/[02-9](\.\d)?\r\n/.test(request) },
      { reason: "501 for a transfer coding nginx does not implement (Transfer-Encoding: gzip)", applies: (request, status) => status === 501 && /\r\nTransfer-Encoding: (?!chunked\r\n)/i.test(request) },
    ];
    const statuses = await runRawFuzz({ port: nginx!.port, runs: RUNS, seed, label: "raw-socket fuzz, through nginx", allowed, afterEach: () => expectCleanLog(instance!.output()) });
    console.log(`through nginx: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect((await fetch(`${nginx!.url}/api/health`)).status).toBe(200);
    expectCleanLog(instance!.output());
  });
});
