import { expect, test, type Browser, type Page } from "@playwright/test";
import { pageAs } from "./fixtures/sign-in";
import { createRouteByTyping, createTownByTyping, logIncidentByTyping, townNames, uniqueSuffix } from "./fixtures/workspace";

// A town of our own near Kupiansk, away from the other specs' towns and routes, so the incident
// flags only the route this spec makes.
const POINT = { lat: "49.70000", lon: "37.60000" };

/** A page of its own on the dashboard, signed in with the role's stored session (a test may hold several). */
async function signedIn(browser: Browser, role: "admin" | "coordinator"): Promise<Page> {
  const page = await pageAs(browser, role);
  await page.goto("/en/coordinate");
  return page;
}

/** Chooses a decision on the review page, types the note and records it. */
async function review(page: Page, decision: string, note = "") {
  const form = page.getByRole("form", { name: "Review this incident" });
  await form.getByRole("radio", { name: new RegExp(`^${decision}`) }).check();
  await form.getByLabel("Reviewer note (internal)").fill(note);
  await form.getByRole("button", { name: "Record review" }).click();
}

test.describe("admin review", () => {
  test("a report goes from unverified to verified, disputed, public and retracted, each step a revision", async ({ browser }) => {
    test.setTimeout(120_000);
    const coordinator = await signedIn(browser, "coordinator");
    await coordinator.setViewportSize({ width: 360, height: 800 });
    const town = townNames("Kupiansk");
    await createTownByTyping(coordinator, town, POINT);
    const slug = await createRouteByTyping(coordinator, town.nameEn, "Kharkiv", `${POINT.lat}, ${POINT.lon}\n49.99400, 36.23000`);
    const summary = `Convoy shot at near the bridge ${uniqueSuffix()}`;
    const id = await logIncidentByTyping(coordinator, { townName: town.nameEn, lat: POINT.lat, lon: POINT.lon, summary });

    const admin = await signedIn(browser, "admin");
    await admin.setViewportSize({ width: 360, height: 800 });
    // The queue finds it by words of its summary; waiting reports come first.
    await admin.getByRole("link", { name: "Review queue" }).click();
    await admin.getByLabel("Search").fill(summary);
    await admin.getByRole("button", { name: "Apply filters" }).click();
    await expect(admin).toHaveURL(/\/en\/admin\/incidents\?q=/);
    await expect(admin.getByRole("status")).toHaveText("1 incident");
    const item = admin.locator(`.incident[data-incident="${id}"]`);
    await expect(item).toContainText("Unverified");
    await expect(item).toContainText("Internal");
    await item.getByRole("link", { name: "Attack on civilians in transit" }).click();
    await expect(admin).toHaveURL(new RegExp(`/en/admin/incidents/${id}$`));
    // The full record, internal fields included, with its map.
    await expect(admin.locator("p.reason", { hasText: "Reported by a volunteer driver; name withheld." })).toBeVisible();
    await expect(admin.getByRole("link", { name: "Reuters" })).toBeVisible();
    await expect(admin.locator(".route-map")).toBeVisible();

    await review(admin, "Verify", "Matches the wire report and a second eyewitness.");
    await expect(admin.getByRole("status").filter({ hasText: "Verified. The revision below records it." })).toBeVisible();
    const latest = admin.locator(".revisions li").first();
    await expect(latest).toContainText("Revision 2 · Verified");
    await expect(latest).toContainText("Matches the wire report and a second eyewitness.");
    await expect(latest.getByRole("row", { name: /Verification/ })).toContainText("Unverified");
    await expect(latest.getByRole("row", { name: /Verification/ })).toContainText("Verified");

    // Disputing needs a note: refused beside the field, nothing changes.
    await review(admin, "Mark disputed");
    await expect(admin.getByText("Say why in the note: the next reviewer needs to know.")).toBeVisible();
    await admin.reload();
    await expect(admin.locator(".revisions li").first()).toContainText("Revision 2 · Verified");
    await review(admin, "Mark disputed", "The regional administration denies the convoy was hit.");
    await expect(admin.locator(".revisions li").first()).toContainText("Revision 3 · Disputed");

    // Published, residents see it with its verification state, never the internal text.
    await review(admin, "Make public");
    await expect(admin.getByRole("status").filter({ hasText: "Made public" })).toBeVisible();
    const published = await (await admin.request.get("/api/v1/incidents.geojson")).text();
    expect(published).toContain(summary);
    expect(published).not.toContain("name withheld");
    expect(published).not.toContain("denies the convoy");

    // Retracted: off the public pages, and the route is no longer flagged.
    await coordinator.goto("/en/coordinate?town=all");
    await expect(coordinator.locator(`.dashboard-route[data-route="${slug}"]`)).toContainText(/Incident reported nearby.*; the route is being re-checked/);
    await review(admin, "Mark false", "The video was from 2015.");
    await expect(admin.getByRole("status").filter({ hasText: "Marked false (retracted)" })).toBeVisible();
    await expect(admin.getByText("False (retracted)").first()).toBeVisible();
    expect(await (await admin.request.get("/api/v1/incidents.geojson")).text()).not.toContain(summary);
    await coordinator.reload();
    await expect(coordinator.locator(`.dashboard-route[data-route="${slug}"]`)).not.toContainText("Incident reported nearby");
    // A retracted report cannot be published: the choice is not offered.
    await expect(admin.getByRole("radio", { name: /^Make public/ })).toHaveCount(0);

    // The audit log shows who did each step.
    await admin.goto(`/en/admin/audit?entityType=incident&entityId=${id}`);
    await expect(admin.getByRole("status")).toHaveText("5 entries");
    for (const action of ["incident.create", "incident.verify", "incident.dispute", "incident.publish", "incident.retract"]) {
      await expect(admin.locator(`.audit-entry[data-action="${action}"]`)).toHaveCount(1);
    }
    await expect(admin.locator('.audit-entry[data-action="incident.create"]')).toContainText("coordinator@example.org");
    await expect(admin.locator('.audit-entry[data-action="incident.retract"]')).toContainText("admin@example.org");
  });

  test("a review made on an old version is refused, naming who reviewed first", async ({ browser }) => {
    // Three signed-in pages, an incident typed in and two reviews: more than 30 s of work on a
    // loaded 2-core machine (its time ran out at whichever step was then in progress).
    test.setTimeout(90_000);
    // Each page opens where it works (not the coordinators' dashboard first, which renders every
    // route's form: three of those made this test outlast its time on a loaded 2-core machine).
    const coordinator = await pageAs(browser, "coordinator");
    // Only a point, no town: the case that once made the queue scroll sideways at 360 px.
    const summary = `Checkpoint refusal ${uniqueSuffix()}`;
    const id = await logIncidentByTyping(coordinator, { lat: "49.45000", lon: "36.85000", summary });
    const [first, second] = await Promise.all([pageAs(browser, "admin"), pageAs(browser, "admin")]);
    await first.setViewportSize({ width: 360, height: 800 });
    await first.goto(`/en/admin/incidents?q=${encodeURIComponent(summary)}`);
    await expect(first.locator(`.incident[data-incident="${id}"]`)).toBeVisible();
    expect(await first.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await first.goto(`/en/admin/incidents/${id}`);
    await second.goto(`/en/admin/incidents/${id}`);
    await review(first, "Verify");
    await expect(first.locator(".revisions li").first()).toContainText("Verified");
    await review(second, "Mark false", "Could not be confirmed.");
    const refusal = second.locator(".form-message[role=alert]");
    await expect(refusal).toContainText("Not saved: someone else changed this first.");
    await expect(refusal).toContainText("admin@example.org");
    await second.getByRole("link", { name: "Reload the incident to see what changed" }).click();
    await expect(second.locator(".revisions li").first()).toContainText("Revision 2 · Verified");
  });

  test("a coordinator cannot open the review queue or a review page", async ({ browser }) => {
    const page = await signedIn(browser, "coordinator");
    expect((await page.goto("/en/admin/incidents"))?.status()).toBe(403);
    expect((await page.goto("/en/admin/audit"))?.status()).toBe(403);
  });
});
