import { expect, test } from "@playwright/test";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { createAgreement, createRouteByTyping, fillTownForm, kyivLocal, setStatus, townNames } from "./fixtures/workspace";

// One report of a route, end to end at 360 px: a corridor window opens on a route marked Closed
// before it. The route page, its SMS text, the lite page and CAP all say the same thing (closed,
// a corridor is agreed, never "open"), and the coordinators see the disagreement on top of their
// dashboard. The instruction reads in each language.

test.use({ viewport: { width: 360, height: 740 }, storageState: STORAGE_STATE.coordinator });

test.describe.configure({ mode: "serial" });

const town = townNames("Report");
let slug = "";
let agreementId = "";

test("a window opens on a closed route: page, SMS text, lite page and CAP agree, and the coordinator is prompted", async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto("/en/coordinate/towns/new");
  await fillTownForm(page, town, { lat: "48.61000", lon: "35.95000" }, "Dnipropetrovsk oblast");
  await page.getByRole("button", { name: "Create town" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/coordinate/towns/${town.slug}\\?saved=1$`));
  slug = await createRouteByTyping(page, town.nameEn, "Dnipro", "48.61000, 35.95000\n48.46500, 35.04600");
  await setStatus(page, "Closed", "Bridge at the crossing destroyed.");

  // The window starts at the next whole minute, after the status was set: the status predates it.
  // It lasts three hours, so from 21:00 Kyiv time it ends "tomorrow", which the texts then say.
  const title = `Corridor ${town.slug}`;
  await createAgreement(page, title, `${town.nameEn} → Dnipro`, kyivLocal(1 / 60), kyivLocal(3));
  agreementId = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Mark as agreed" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked as agreed." })).toBeVisible();

  // Wait for the window to open (at most a minute), as a resident reloading the page would.
  await expect(async () => {
    await page.goto(`/en/routes/${slug}`);
    await expect(page.locator(".corridor-window")).toHaveAttribute("data-phase", "active", { timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });

  const status = page.locator(".route-status");
  await expect(status.locator("[data-status]")).toHaveAttribute("data-status", "closed");
  await expect(status.locator(".route-state")).toHaveAttribute("data-state", "closedDespiteCorridor");
  await expect(status.locator(".route-state")).toContainText(/^Corridor agreed (?:today|tomorrow) \d\d:\d\d–(?:tomorrow )?\d\d:\d\d, but the route is closed\.$/);
  await expect(status.locator("[data-instruction]")).toHaveText("Do not use this route.");
  await expect(status).not.toContainText(/open/i);
  const sms = await page.locator(`#sms-${slug}`).inputValue();
  expect(sms).toMatch(/: Closed, confirmed \d\d:\d\d Kyiv time\. Corridor agreed (?:today|tomorrow) \d\d:\d\d–(?:tomorrow )?\d\d:\d\d, but the route is closed\./);
  expect(sms).not.toMatch(/open/i);

  const lite = await (await request.get(`/en/lite/towns/${town.slug}`)).text();
  const item = lite.slice(lite.indexOf(`id="route-${slug}"`), lite.indexOf("</li>", lite.indexOf(`id="route-${slug}"`)));
  expect(item).toContain('data-status="closed"');
  expect(item).toMatch(/data-state="closedDespiteCorridor">Corridor agreed (?:today|tomorrow) \d\d:\d\d–(?:tomorrow )?\d\d:\d\d, but the route is closed\./);
  expect(item).not.toMatch(/\bopen/i);

  // CAP: the route's status alert says Avoid and the corridor's says Prepare; never Evacuate beside Avoid.
  const corridorAlert = await (await request.get(`/feeds/cap/${agreementId}.xml`)).text();
  expect([...corridorAlert.matchAll(/<responseType>(\w+)<\/responseType>/g)].map((m) => m[1])).toEqual(["Prepare", "Prepare", "Prepare"]);
  // The route's own alert: the CAP feed's entry for this town that is not the corridor's.
  const capFeed = await (await request.get("/feeds/cap.atom")).text();
  const statusAlertUrl = capFeed
    .split("<entry>")
    .filter((e) => e.includes(town.nameEn))
    .flatMap((e) => [...e.matchAll(/href="[^"]*(\/feeds\/cap\/[0-9a-f-]+\.xml)"/g)].map((m) => m[1]!))
    .find((url) => !url.includes(agreementId))!;
  expect(statusAlertUrl, "the route's status alert is in the CAP feed").toBeTruthy();
  const statusAlert = await (await request.get(statusAlertUrl)).text();
  expect([...statusAlert.matchAll(/<responseType>(\w+)<\/responseType>/g)].map((m) => m[1])).toEqual(["Avoid", "Avoid", "Avoid"]);

  // The API says the same, as a state a client can act on.
  const api = (await (await request.get("/api/v1/routes")).json()) as { routes: Array<{ slug: string; status: string; state: string; instruction: string }> };
  expect(api.routes.find((r) => r.slug === slug)).toMatchObject({ status: "closed", state: "closedDespiteCorridor", instruction: "doNotUse" });

  // The coordinator sees it on top of the dashboard, and settles it by confirming the status.
  await page.goto("/en/coordinate");
  const prompt = page.getByRole("region", { name: /disagrees? with a corridor window/ });
  await expect(prompt.locator(`[data-conflict-route="${slug}"]`)).toHaveAttribute("data-conflict", "closedDuringWindow");
  await expect(prompt.locator(`[data-conflict-route="${slug}"]`)).toContainText(/marked Closed while the corridor agreed (?:today|tomorrow)/);
});

test("the instruction reads in the page's language", async ({ request }) => {
  test.skip(!slug, "needs the route of the test above");
  for (const [locale, instruction] of [
    ["uk", "Не користуйтеся цим маршрутом."],
    ["ru", "Не пользуйтесь этим маршрутом."],
    ["en", "Do not use this route."],
  ] as const) {
    const lite = await (await request.get(`/${locale}/lite/towns/${town.slug}`)).text();
    expect(lite).toContain(`data-instruction="doNotUse" data-instruction-codes="">${instruction}<`);
  }
});
