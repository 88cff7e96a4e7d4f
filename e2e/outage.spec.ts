import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createDatabase, DatabaseRelay, freePort, signInAt, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { DEFAULT_REASON_CODE, reasonCode, reasonField } from "./fixtures/workspace";

// The database stops while residents and coordinators are using the app, then comes back. Public
// pages and the API keep answering with the last known data and its time (or a plain "temporarily
// unavailable" page); a coordinator's write fails with a clear message and writes nothing; when the
// database returns, everything works again without restarting the app. The outage is a relay
// between this spec's own app instance and its own database that the spec stops and starts; the
// PostgreSQL server itself is never stopped. Runs whenever a local PostgreSQL server is reachable
// (fixtures/instances.ts); says so when not.

const STACK_TRACE = /\bat [\w$.<>]+ \(|node_modules|Error: /;

test.describe("database outage", () => {
  test.setTimeout(150_000);

  let db: Awaited<ReturnType<typeof createDatabase>>;
  let relay: DatabaseRelay;
  let app: Instance;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    await skipUnlessPostgres("e2e/outage.spec.ts (the app must reach its database over the network to lose it)");
    db = await createDatabase();
    relay = new DatabaseRelay(await freePort(), db.url);
    await relay.start();
    app = await startInstance(await freePort(), relay.urlFor(db.url), crypto.randomBytes(32).toString("base64url"));
  });
  test.afterAll(async () => {
    await app?.stop();
    await relay?.stop();
    await db?.drop();
  });

  test("public pages serve the last known data with its time, writes are refused cleanly, and all recovers", async ({ page }) => {
    const town = `${app.url}/en/towns/lysychansk`;
    const api = `${app.url}/api/v1/routes`;
    const before = await (await fetch(town)).text();
    expect(before).toContain("Lysychansk");
    await fetch(api);
    await signInAt(page, app.url, "coordinator@example.org");
    await page.goto(`${app.url}/en/coordinate/routes/lysychansk-bakhmut`);

    await relay.stop();

    // A coordinator's update is refused with a clear message, and what was typed is kept.
    const reason = `Checkpoint closed ${crypto.randomBytes(3).toString("hex")}`;
    const form = page.getByRole("form", { name: /^Update status: / });
    await form.getByRole("radio", { name: "Caution" }).check();
    await reasonCode(form, DEFAULT_REASON_CODE).check();
    await reasonField(form).fill(reason);
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("alert")).toContainText("The database cannot be reached right now, so nothing was saved.", { timeout: 20_000 });
    await expect(reasonField(form)).toHaveValue(reason);

    // Once the cached answers are past their 10 s, the public still gets them, marked with their time.
    await new Promise((r) => setTimeout(r, 11_000));
    const stale = await fetch(town);
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-corridor-cache")).toBe("STALE");
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("This page could not be refreshed just now. It shows the information as of");
    expect(staleHtml).toContain("Lysychansk");
    const staleApi = await fetch(api);
    expect(staleApi.status).toBe(200);
    expect(staleApi.headers.get("x-corridor-stale-since")).toBeTruthy();
    expect(((await staleApi.json()) as { routes: unknown[] }).routes.length).toBeGreaterThan(0);

    // A page never cached: a plain "temporarily unavailable", never a stack trace or a blank.
    const missing = await fetch(`${app.url}/en/towns/rubizhne`);
    expect(missing.status).toBe(503);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain("Temporarily unavailable");
    expect(missingHtml).not.toMatch(STACK_TRACE);
    // A staff page says the same in its own words.
    const staff = await page.goto(`${app.url}/en/coordinate`);
    expect(staff?.status()).toBeGreaterThanOrEqual(500);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Temporarily unavailable");
    expect(await page.content()).not.toMatch(STACK_TRACE);

    // Nothing of the refused update was written.
    await relay.start();
    const written = await db.sql`select count(*)::int as n from route_status_events where reason->>'en' = ${reason}`;
    expect(written[0]!.n).toBe(0);

    // Back without a restart: fresh pages (no notice), and the update goes through once.
    await expect
      .poll(async () => {
        const r = await fetch(town);
        return r.headers.get("x-corridor-cache") !== "STALE" && !(await r.text()).includes("could not be refreshed");
      }, { timeout: 20_000 })
      .toBe(true);
    await page.goto(`${app.url}/en/coordinate/routes/lysychansk-bakhmut`);
    await form.getByRole("radio", { name: "Caution" }).check();
    await reasonCode(form, DEFAULT_REASON_CODE).check();
    await reasonField(form).fill(reason);
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("status")).toContainText("Status updated", { timeout: 20_000 });
    const after = await db.sql`select count(*)::int as n from route_status_events where reason->>'en' = ${reason}`;
    expect(after[0]!.n).toBe(1);
    await expect.poll(async () => (await (await fetch(`${app.url}/en/routes/lysychansk-bakhmut`)).text()).includes(reason), { timeout: 20_000 }).toBe(true);
  });
});
