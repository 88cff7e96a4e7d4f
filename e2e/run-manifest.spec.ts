import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import type en from "../messages/en.json";
import { runDatabaseUrl } from "./fixtures/run-database";
import { pageAs } from "./fixtures/sign-in";
import { createTownByTyping, townNames, uniqueSuffix } from "./fixtures/workspace";

// A run's manifest for its crew, through the real server: the run's organisation sees the person
// it picks up (name, address, mobility), saved copies are not kept by the browser (no-store), a
// coordinator of another organisation gets the same 404 as for no run at all, and once the run has
// arrived the manifest is gone (410) for its own organisation too. The request is made and claimed
// through the pages; the run is written straight into the database (its planning pages are not
// part of this spec), so this needs the e2e server on PostgreSQL.

const uk = JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", "uk.json"), "utf8")) as typeof en;
const OTHER_ORGANISATION = "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)";

test("a run's manifest is its organisation's only, not kept by the browser, and gone after arrival", async ({ browser }) => {
  const url = runDatabaseUrl();
  test.skip(!url, "the e2e server runs on PGlite: set DATABASE_URL so that the spec can write the run beside it");
  test.setTimeout(150_000);
  const sql = postgres(url!, { onnotice: () => {}, max: 1 });
  try {
    const hex = uniqueSuffix();
    const name = `Ольга Маніфестна ${hex}`;
    const address = `вул. Рейсова ${hex}, буд. 5`;
    const t = uk.askTransport;
    const tr = uk.requests;
    const coordinator = await pageAs(browser, "coordinator");
    const town = townNames("Manifest");
    await createTownByTyping(coordinator, town, { lat: "48.91000", lon: "38.44000" });

    // A bedridden woman's request, made by her neighbour on the residents' form, claimed by the
    // demo coordinator's organisation.
    const resident = await (await browser.newContext({ locale: "uk-UA" })).newPage();
    await resident.goto(`/uk/transport?town=${town.slug}`);
    await resident.getByLabel(t.requester_relative).check();
    await resident.getByLabel(t.peopleCount).fill("1");
    await resident.getByLabel(tr.mobility_bedridden).check();
    await resident.getByLabel(t.name).fill(name);
    await resident.getByLabel(t.address).fill(address);
    await resident.getByLabel(t.phone, { exact: true }).fill(`067${Math.floor(1_000_000 + Math.random() * 8_999_999)}`);
    await resident.getByLabel(t.consentGiven).check();
    await resident.getByRole("button", { name: t.submit }).click();
    await expect(resident.getByRole("heading", { level: 1 })).toHaveText("Вашу заявку надіслано");
    await coordinator.goto("/en/coordinate/requests");
    const hers = coordinator.locator(`section[data-town="${town.slug}"] li[data-request]`);
    const requestId = (await hers.getAttribute("data-request"))!;
    await hers.getByRole("button", { name: "Claim for my organisation" }).click();
    await expect(coordinator.getByRole("status").filter({ hasText: "Claimed for your organisation." })).toBeVisible();

    // A van of that organisation, with her on its stretcher place.
    const organisationId = (await sql<{ organisation_id: string }[]>`select organisation_id from users where email = 'coordinator@example.org'`)[0]!.organisation_id;
    const reference = `R-${crypto.randomBytes(3).toString("hex").toUpperCase()}`;
    const [run] = await sql<{ id: string }[]>`
      insert into transport_runs (reference_code, organisation_id, vehicle, seats, stretcher_places, stretcher_places_taken, town_id, departs_from, departs_until, destination_town_id)
      values (${reference}, ${organisationId}, 'van', 2, 1, 1, (select id from towns where slug = ${town.slug}), now() + interval '1 hour', now() + interval '3 hours', (select id from towns where slug = 'dnipro'))
      returning id`;
    const runId = run!.id;
    await sql`insert into transport_run_assignments (run_id, request_id, seats, wheelchair_places, stretcher_places, pickup_order) values (${runId}, ${requestId}, 0, 0, 1, 1)`;
    const manifestPath = `/uk/coordinate/runs/${runId}/manifest`;
    const opened = async () => (await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'transport_run.manifest' and entity_id = ${runId}`)[0]!.n;

    // Its organisation: her name, address and needs, in Ukrainian, and nothing a cache may keep.
    const response = (await coordinator.goto(manifestPath))!;
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toMatch(/no-store/);
    expect(response.headers()["referrer-policy"]).toBe("no-referrer");
    await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText(`Маніфест ${reference}`);
    const stop = coordinator.locator("ol.stops > li");
    await expect(stop).toHaveCount(1);
    await expect(stop).toContainText(name);
    await expect(stop).toContainText(address);
    await expect(stop).toContainText(tr.mobility_bedridden);
    await expect(coordinator.getByRole("button", { name: uk.runManifest.print })).toBeVisible();
    const saved = await coordinator.request.get(`${manifestPath}?download=1`);
    expect(saved.headers()["content-disposition"]).toBe(`attachment; filename="manifest-${reference}.html"`);
    expect(await saved.text()).toContain(address);
    // The page with the copy to save: two openings, each recorded.
    expect(await opened()).toBe(2);
    const keptByWorker = await coordinator.evaluate(async () => {
      const names = await caches.keys();
      const hits = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()));
      return hits.flat().map((r) => r.url);
    });
    expect(keptByWorker.filter((u) => u.includes("/manifest"))).toEqual([]);

    // A coordinator of another organisation: the answer for no run at all, and nothing recorded.
    const admin = await pageAs(browser, "admin");
    const email = `manifest-${hex}@example.org`;
    await admin.goto("/en/admin/users/new");
    await admin.getByLabel("Email").fill(email);
    await admin.getByLabel("Name").fill("Other Organisation");
    await admin.getByLabel("Organisation").selectOption({ label: OTHER_ORGANISATION });
    await admin.getByLabel("Role").selectOption("coordinator");
    await admin.getByRole("button", { name: "Create account" }).click();
    const password = (await admin.getByTestId("one-time-password").textContent())!.trim();
    const other = await (await browser.newContext()).newPage();
    await other.goto("/en/login");
    await other.getByLabel("Email").fill(email);
    await other.getByLabel("Password").fill(password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other).toHaveURL(/\/en\/coordinate$/);
    const refused = (await other.goto(manifestPath))!;
    expect(refused.status()).toBe(404);
    expect(await other.content()).not.toContain(name);
    expect((await other.goto(`/uk/coordinate/runs/${crypto.randomUUID()}/manifest`))!.status()).toBe(404);
    expect(await opened()).toBe(2);

    // Arrived: gone for its own organisation too, saying why.
    await sql`update transport_runs set status = 'boarding' where id = ${runId}`;
    await sql`update transport_runs set status = 'departed' where id = ${runId}`;
    await sql`update transport_runs set status = 'arrived', arrived_count = 1, arrived_at = now() where id = ${runId}`;
    const gone = (await coordinator.goto(manifestPath))!;
    expect(gone.status()).toBe(410);
    await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText(uk.runManifest.goneTitle);
    expect(await coordinator.content()).not.toContain(name);
    expect(await opened()).toBe(2);
  } finally {
    await sql.end();
  }
});
