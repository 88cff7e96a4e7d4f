import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createDatabase, DatabaseRelay, DEMO_PASSWORD, freePort, signInAt, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { DEFAULT_REASON_CODE, reasonCode, reasonField } from "./fixtures/workspace";

// The database stops while residents and coordinators are using two instances of the app, then
// comes back. Each instance's circuit breaker (db/circuit-breaker.ts) sees it once. Public
// pages and the API keep answering with the last known data and its time (or a plain "temporarily
// unavailable" page); a coordinator's write fails with a clear message and writes nothing; when the
// database returns, everything works again without restarting the app. The outage is a relay
// between this spec's own app instance and its own database that the spec stops and starts; the
// PostgreSQL server itself is never stopped. Runs whenever a local PostgreSQL server is reachable
// (fixtures/instances.ts); says so when not.

const STACK_TRACE = /\bat [\w$.<>]+ \(|node_modules|Error: /;

test.describe("database outage", () => {
  test.setTimeout(180_000);

  let db: Awaited<ReturnType<typeof createDatabase>>;
  let relay: DatabaseRelay;
  // Two instances on one database, as a deployment runs: each has its own circuit breaker and
  // its own copies, and both lose the database at once.
  let apps: Instance[] = [];
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await skipUnlessPostgres("e2e/outage.spec.ts (the app must reach its database over the network to lose it)");
    db = await createDatabase();
    relay = new DatabaseRelay(await freePort(), db.url);
    await relay.start();
    const secret = crypto.randomBytes(32).toString("base64url");
    const ports = [await freePort(), await freePort()];
    apps = await Promise.all(ports.map((port) => startInstance(port, relay.urlFor(db.url), secret)));
  });
  test.afterAll(async () => {
    for (const app of apps) await app?.stop();
    await relay?.stop();
    await db?.drop();
  });

  test("public pages serve the last known data with its time, writes are refused cleanly, and all recovers", async ({ page, browser }) => {
    const [app, other] = apps as [Instance, Instance];
    const town = (base: string) => `${base}/en/towns/lysychansk`;
    const api = `${app.url}/api/v1/routes`;
    for (const base of [app.url, other.url]) expect(await (await fetch(town(base))).text()).toContain("Lysychansk");
    await fetch(api);
    await signInAt(page, app.url, "coordinator@example.org");
    await page.goto(`${app.url}/en/coordinate/routes/lysychansk-bakhmut`);

    // A resident reloading the cached town page on both instances through the whole outage and
    // its recovery: every answer must be the page, never an error.
    const answers: { status: number; cache: string | null; page: boolean }[] = [];
    let reloading = true;
    const resident = (async () => {
      for (let i = 0; reloading; i++) {
        try {
          const r = await fetch(town(i % 2 === 0 ? app.url : other.url));
          answers.push({ status: r.status, cache: r.headers.get("x-corridor-cache"), page: (await r.text()).includes("Lysychansk") });
        } catch {
          answers.push({ status: 0, cache: null, page: false }); // no answer at all: counted, never thrown
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    await relay.stop();

    // A coordinator's update is refused with a clear message, and what was typed is kept. The
    // breaker makes this prompt (it is measured by `npm run bench`, not asserted here).
    const reason = `Checkpoint closed ${crypto.randomBytes(3).toString("hex")}`;
    const form = page.getByRole("form", { name: /^Update status: / });
    await form.getByRole("radio", { name: "Caution" }).check();
    await reasonCode(form, DEFAULT_REASON_CODE).check();
    await reasonField(form).fill(reason);
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("alert")).toContainText("The database cannot be reached right now, so nothing was saved.");
    await expect(reasonField(form)).toHaveValue(reason);
    await expect(form.getByRole("radio", { name: "Caution" })).toBeChecked();

    // A staff page says so in the server HTML itself, with a 503, on either instance (the
    // session cookie is the same for both: they share the secret).
    for (const base of [app.url, other.url]) {
      const staffAnswer = await fetch(`${base}/en/coordinate`, { headers: { cookie: (await page.context().cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ") } });
      expect(staffAnswer.status).toBe(503);
      const staffHtml = await staffAnswer.text();
      expect(staffHtml).toContain("<h1>Temporarily unavailable</h1>");
      expect(staffHtml).toContain("The database cannot be reached right now, so nothing was saved");
      expect(staffHtml).not.toMatch(STACK_TRACE);
    }
    const staff = await page.goto(`${app.url}/en/coordinate/routes/lysychansk-bakhmut`);
    expect(staff?.status()).toBe(503);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Temporarily unavailable");
    await expect(page.getByRole("alert")).toContainText("nothing was saved");

    // Signing in says the same on the form, not Auth.js's error page; the email is kept.
    const visitor = await browser.newContext();
    try {
      const login = await visitor.newPage();
      await login.goto(`${other.url}/en/login`);
      await login.getByLabel("Email").fill("coordinator@example.org");
      await login.getByLabel("Password").fill(DEMO_PASSWORD);
      await login.getByRole("button", { name: "Sign in" }).click();
      await expect(login.getByRole("main").getByRole("alert")).toContainText("Signing in is not possible right now: the database cannot be reached, so nothing was saved.");
      await expect(login).toHaveURL(`${other.url}/en/login`);
      await expect(login.getByLabel("Email")).toHaveValue("coordinator@example.org");
    } finally {
      await visitor.close();
    }

    // Once the cached answers are past their 10 s, the public still gets them, marked with their time.
    for (const base of [app.url, other.url]) {
      await expect.poll(async () => (await fetch(town(base))).headers.get("x-corridor-cache"), { timeout: 20_000 }).toBe("STALE");
      const stale = await fetch(town(base));
      expect(stale.status).toBe(200);
      expect(stale.headers.get("x-corridor-cache")).toBe("STALE");
      const staleHtml = await stale.text();
      expect(staleHtml).toContain("This page could not be refreshed just now. It shows the information as of");
      expect(staleHtml).toContain("Lysychansk");
    }
    await expect.poll(async () => (await fetch(api)).headers.get("x-corridor-stale-since"), { timeout: 20_000 }).toBeTruthy();
    const staleApi = await fetch(api);
    expect(staleApi.status).toBe(200);
    expect(staleApi.headers.get("x-corridor-stale-since")).toBeTruthy();
    expect(((await staleApi.json()) as { routes: unknown[] }).routes.length).toBeGreaterThan(0);

    // A page never cached: a plain "temporarily unavailable" with Retry-After, never a stack trace or a blank.
    for (const base of [app.url, other.url]) {
      const missing = await fetch(`${base}/en/towns/rubizhne`);
      expect(missing.status).toBe(503);
      expect(missing.headers.get("retry-after")).toBe("30");
      const missingHtml = await missing.text();
      expect(missingHtml).toContain("Temporarily unavailable");
      expect(missingHtml).not.toMatch(STACK_TRACE);
    }

    // Nothing of the refused update was written.
    await relay.start();
    const written = await db.sql`select count(*)::int as n from route_status_events where reason->>'en' = ${reason}`;
    expect(written[0]!.n).toBe(0);

    // Back without a restart, on both instances: fresh pages (no notice).
    for (const base of [app.url, other.url]) {
      await expect
        .poll(async () => {
          const r = await fetch(town(base));
          return r.headers.get("x-corridor-cache") !== "STALE" && !(await r.text()).includes("could not be refreshed");
        }, { timeout: 20_000 })
        .toBe(true);
    }
    reloading = false;
    await resident;
    // The cached page answered every time, from before the outage to after it.
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => a.status !== 200 || !a.page)).toEqual([]);
    expect(answers.some((a) => a.cache === "STALE")).toBe(true);

    // The update goes through once.
    await page.goto(`${app.url}/en/coordinate/routes/lysychansk-bakhmut`);
    await form.getByRole("radio", { name: "Caution" }).check();
    await reasonCode(form, DEFAULT_REASON_CODE).check();
    await reasonField(form).fill(reason);
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("status")).toContainText("Status updated", { timeout: 20_000 });
    const after = await db.sql`select count(*)::int as n from route_status_events where reason->>'en' = ${reason}`;
    expect(after[0]!.n).toBe(1);
    for (const base of [app.url, other.url]) {
      await expect.poll(async () => (await (await fetch(`${base}/en/routes/lysychansk-bakhmut`)).text()).includes(reason), { timeout: 20_000 }).toBe(true);
    }
  });
});
