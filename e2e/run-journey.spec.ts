import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import type en from "../messages/en.json";
import { seriousViolations } from "./fixtures/axe";
import { pageAs, STORAGE_STATE } from "./fixtures/sign-in";
import { smsGatewayCalls } from "./fixtures/stand-ins";
import { createRouteByTyping, createTownByTyping, languageField, setStatus, townNames, uniqueSuffix } from "./fixtures/workspace";

// The grandmother's whole evacuation, as the people involved go through it: her daughter asks on
// her phone, in Ukrainian, for transport for her bedridden mother in a Luhansk oblast town; the
// regional administration claims it, plans a van with two stretcher places to a reception point
// of its own (the new-run form narrows the points to the destination), puts her and a neighbour
// on it and is refused a third bedridden person with the reason; the daughter is told in
// Ukrainian when and where to be ready; the van's route is closed and the organisation is alerted
// on its dashboard while nobody on the van hears anything until a coordinator decides (a later
// window, which they are told); then boarding, boarded, the road, and arrival with a count, after
// which the point's free beds are lower on the destination's public page. A coordinator of
// another organisation sees the van coming at the reception point as counts, and never her name,
// address or code on any page.
//
// The towns are the test's own, not the seeded Lysychansk: other specs count Lysychansk's open
// requests and its planned runs, and this one adds both for a minute. The reception point is the
// test's own too: other specs read the demo points' free beds.

const uk = JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", "uk.json"), "utf8")) as typeof en;
const PHONE = { width: 360, height: 740 };
const OTHER_ORGANISATION = "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)";
/** The demo coordinator's organisation: a run follows only its own organisation's routes. */
const OWN_ORGANISATION = "Luhansk Regional Military Administration";

// A step that cannot happen fails in half a minute rather than at the whole test's end.
test.use({ actionTimeout: 30_000 });

/** A marker in Cyrillic letters from a random hex suffix: nothing else in the database spells it by chance. */
function cyrillic(hex: string): string {
  const letters = "абвгдежзиклмнопр";
  return [...hex].map((c) => letters[Number.parseInt(c, 16)]).join("");
}

/** The page as the browser got it, and the RSC payload a client navigation to it fetches. */
async function htmlAndPayload(page: Page, address: string): Promise<string> {
  const html = await page.content();
  const payload = await (await page.request.get(address, { headers: { RSC: "1" } })).text();
  return `${html}\n${payload}`;
}

/** A bedridden neighbour's request phoned in for `townLabel` and claimed for the coordinator's organisation; returns its code. */
async function phonedInBedridden(page: Page, townLabel: string, townSlug: string, n: number): Promise<string> {
  await page.goto("/en/coordinate/requests/new");
  await page.getByLabel("Town").selectOption({ label: townLabel });
  await page.getByLabel("Who is asking").selectOption("relative");
  await page.getByLabel("Name", { exact: true }).fill(`Neighbour ${n}`);
  await page.getByLabel("How many people").fill("1");
  await page.getByLabel("Mobility").selectOption("bedridden");
  await page.getByLabel("Phone", { exact: true }).fill(`050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`);
  await page.getByLabel("Where to pick them up").fill(`Stepova street ${n}${uniqueSuffix()}`);
  await page.getByLabel("They heard this and agreed").check();
  await page.getByRole("button", { name: "Save the request" }).click();
  const code = (await page.getByTestId("reference-code").textContent())!.trim();
  await page.goto("/en/coordinate/requests");
  await page.locator(`section[data-town="${townSlug}"]`).getByRole("button", { name: "Claim for my organisation" }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "Claimed for your organisation." })).toBeVisible();
  return code;
}

/** A coordinator of another organisation, made by the admin for this test, signed in. */
async function otherOrganisationCoordinator(browser: Browser, hex: string): Promise<Page> {
  const admin = await pageAs(browser, "admin");
  const email = `run-journey-${hex}@example.org`;
  await admin.goto("/en/admin/users/new");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill("Other Organisation");
  await admin.getByLabel("Organisation").selectOption({ label: OTHER_ORGANISATION });
  await admin.getByLabel("Role").selectOption("coordinator");
  await admin.getByRole("button", { name: "Create account" }).click();
  const password = (await admin.getByTestId("one-time-password").textContent())!.trim();
  await admin.close();
  const other = await (await browser.newContext()).newPage();
  await other.goto("/en/login");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill(password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/en\/coordinate$/);
  return other;
}

/** The option labels of a select. */
const optionLabels = (page: Page, label: string) => page.getByLabel(label, { exact: true }).locator("option").allTextContents();

test("the grandmother is put on a van, told in Ukrainian, picked up and counted in at the reception point, whose free beds drop; another organisation never sees her", async ({ browser }) => {
  // Five browser contexts, an account made and signed in (argon2), some forty pages, six messages
  // through the queue and a route closed and opened, on a machine others share.
  test.setTimeout(360_000);
  const hex = uniqueSuffix();
  const marker = cyrillic(hex);
  const name = `Марія Лежача ${marker}`;
  const address = `вул. Сосюри ${marker}, буд. 3`;
  const local = `${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const phone = `+38067${local}`;
  const meetingPlace = `Біля школи № 3 ${marker}`;
  const t = uk.askTransport;
  const tr = uk.requests;

  const coordinator = await pageAs(browser, "coordinator");
  const home = townNames("Grandmother");
  const refuge = townNames("Refuge");
  await createTownByTyping(coordinator, home, { lat: "48.92000", lon: "38.43000" });
  await createTownByTyping(coordinator, refuge, { lat: "47.85000", lon: "35.12000" });
  const routeSlug = await createRouteByTyping(coordinator, home.nameEn, refuge.nameEn, "48.92000, 38.43000\n47.85000, 35.12000", { organisation: OWN_ORGANISATION });

  // The reception point at the destination, kept by the same organisation: 30 of 40 beds free, 2 of 4 accessible.
  const pointName = `School gym ${hex}`;
  await coordinator.goto("/en/coordinate/reception/new");
  await coordinator.getByLabel("Town").selectOption({ label: refuge.nameEn });
  await coordinator.getByRole("group", { name: "Name" }).getByLabel("English", { exact: true }).fill(pointName);
  await coordinator.getByRole("group", { name: "Address" }).getByLabel("English", { exact: true }).fill("1 School Street");
  await coordinator.getByLabel("Beds in all", { exact: true }).fill("40");
  await coordinator.getByLabel("Beds free now", { exact: true }).fill("30");
  await coordinator.getByLabel("Accessible beds in all", { exact: true }).fill("4");
  await coordinator.getByLabel("Accessible beds free now", { exact: true }).fill("2");
  await coordinator.getByRole("button", { name: "Create reception point" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Reception point saved." })).toBeVisible();
  const pointId = /\/coordinate\/reception\/([0-9a-f-]{36})/.exec(coordinator.url())![1]!;
  const pointPath = `/en/coordinate/reception/${pointId}`;

  // 1. The daughter, on her phone, in Ukrainian.
  const daughter = await (await browser.newContext({ viewport: PHONE, locale: "uk-UA" })).newPage();
  await daughter.goto(`/uk/transport?town=${home.slug}`);
  await daughter.getByLabel(t.requester_relative).check();
  await daughter.getByLabel(t.peopleCount).fill("1");
  await daughter.getByLabel(tr.mobility_bedridden).check();
  await daughter.getByLabel(t.name).fill(name);
  await daughter.getByLabel(t.address).fill(address);
  await daughter.getByLabel(t.phone, { exact: true }).fill(`067${local}`);
  await daughter.getByLabel(t.consentGiven).check();
  await daughter.getByRole("button", { name: t.submit }).click();
  await expect(daughter.getByRole("heading", { level: 1 })).toHaveText("Вашу заявку надіслано");
  const code = (await daughter.getByTestId("reference-code").textContent())!.trim();
  await daughter.context().close();

  // 2. The regional administration claims it; she is told, in Ukrainian, at the number given.
  await coordinator.goto("/en/coordinate/requests");
  const hers = coordinator.locator(`section[data-town="${home.slug}"] li[data-request]`);
  const requestId = (await hers.getAttribute("data-request"))!;
  await hers.getByRole("button", { name: "Claim for my organisation" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Claimed for your organisation." })).toBeVisible();
  const texted = async () => (await smsGatewayCalls()).filter((c) => c.to === phone && c.status < 300).map((c) => c.body);
  const told = [`Запит ${code}: організація взяла його і зв’яжеться з вами.`];
  await expect.poll(texted, { timeout: 60_000 }).toEqual(told);
  // Two bedridden neighbours phoned in by the hotline: one more than the van takes.
  const neighbours = [await phonedInBedridden(coordinator, home.nameEn, home.slug, 1), await phonedInBedridden(coordinator, home.nameEn, home.slug, 2)];

  // 3. Without JavaScript the new-run form lists every reception point with its town; a point
  // in another town is refused with the reason, and the form comes back narrowed to the destination.
  const noScript = await (await browser.newContext({ javaScriptEnabled: false, storageState: STORAGE_STATE.coordinator })).newPage();
  await noScript.goto("/en/coordinate/runs/new");
  const everyPoint = await optionLabels(noScript, "Reception point");
  expect(everyPoint).toContain(`${refuge.nameEn} · ${pointName}`);
  expect(everyPoint).toContain("Zaporizhzhia · Evacuee reception centre (demo)");
  await noScript.getByLabel("Vehicle").selectOption("van");
  await noScript.getByLabel("Stretcher places").fill("2");
  await noScript.getByLabel("Route", { exact: true }).selectOption({ label: `${routeSlug} (${home.nameEn})` });
  await noScript.getByLabel("Leaves from").fill("2030-05-20T08:00");
  await noScript.getByLabel("Leaves by").fill("2030-05-20T10:00");
  await noScript.getByLabel("Destination town").selectOption({ label: refuge.nameEn });
  await noScript.getByLabel("Reception point", { exact: true }).selectOption({ label: "Zaporizhzhia · Evacuee reception centre (demo)" });
  await noScript.getByRole("button", { name: "Plan the run" }).click();
  await expect(noScript.getByText("Choose a reception point in the run's destination town.").first()).toBeVisible();
  expect(await optionLabels(noScript, "Reception point")).toEqual(["None known yet", `${refuge.nameEn} · ${pointName}`]);
  await noScript.context().close();

  // 4. With JavaScript the list narrows as the destination is chosen. The van: two stretcher
  // places, on the organisation's route, a meeting place in Ukrainian.
  await coordinator.goto("/en/coordinate/runs/new");
  expect((await optionLabels(coordinator, "Reception point")).length).toBeGreaterThan(2);
  await coordinator.getByLabel("Vehicle").selectOption("van");
  await coordinator.getByLabel("Stretcher places").fill("2");
  await coordinator.getByLabel("Route", { exact: true }).selectOption({ label: `${routeSlug} (${home.nameEn})` });
  await coordinator.getByLabel("Leaves from").fill("2030-05-20T08:00");
  await coordinator.getByLabel("Leaves by").fill("2030-05-20T10:00");
  await languageField(coordinator, "Meeting place", "Ukrainian").fill(meetingPlace);
  await coordinator.getByLabel("Destination town").selectOption({ label: refuge.nameEn });
  await expect.poll(() => optionLabels(coordinator, "Reception point")).toEqual(["None known yet", `${refuge.nameEn} · ${pointName}`]);
  await coordinator.getByLabel("Reception point", { exact: true }).selectOption({ label: `${refuge.nameEn} · ${pointName}` });
  await coordinator.getByLabel("Crew contact").fill("+380 67 000 22 33");
  await coordinator.getByRole("button", { name: "Plan the run" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "The run is planned." })).toBeVisible();
  const runReference = /^Run (R-[0-9A-Z]{6}): Van$/.exec((await coordinator.getByRole("heading", { level: 1 }).textContent())!)![1]!;
  const runPath = new URL(coordinator.url()).pathname;
  const runId = runPath.split("/").pop()!;
  // The run page's reception form offers only the destination's points, with this one chosen.
  const receptionForm = coordinator.getByRole("region", { name: "Reception point at the destination" });
  await expect(receptionForm.getByLabel("Reception point", { exact: true })).toHaveValue(pointId);
  expect(await receptionForm.getByLabel("Reception point", { exact: true }).locator("option").allTextContents()).toEqual(["None known yet", pointName]);

  // 5. She and one neighbour take the two stretcher places; the other neighbour is refused, saying why.
  const assign = async (reference: string) => {
    const request = coordinator.getByLabel("Request", { exact: true });
    await request.selectOption({ label: `${reference}: 1 person, Bedridden (stretcher)` });
    // The page may still be taking in the previous assignment, which resets the form.
    await expect(request).not.toHaveValue("");
    await coordinator.getByRole("button", { name: "Put on the run" }).click();
  };
  let placed = 0;
  for (const reference of [code, neighbours[0]!]) {
    await assign(reference);
    await expect(coordinator.getByRole("status").filter({ hasText: "Put on the run; they will be told." })).toBeVisible();
    await expect(coordinator.locator("[data-assignment]")).toHaveCount(++placed);
  }
  await assign(neighbours[1]!);
  await expect(coordinator.getByText("The stretcher places on this run are all taken.")).toBeVisible();
  await expect(coordinator.getByTestId("run-places")).toContainText("stretcher 2 of 2");
  await expect(coordinator.locator("[data-assignment]")).toHaveCount(2);

  // 6. The daughter is told in Ukrainian: the van, when (Kyiv time), where, what to bring.
  const planned = (window: string) => `Запит ${code}: транспорт ${runReference} заплановано для вас 20 трав. 2030 р., ${window} (за Києвом), ${meetingPlace}. Візьміть документи, ліки, воду й зарядку для телефона.`;
  told.push(planned("08:00–10:00"));
  await expect.poll(texted, { timeout: 60_000 }).toEqual(told);

  // 7. The route is closed: the organisation's dashboard says so at once; nobody on the van is told.
  await coordinator.goto(`/en/coordinate/routes/${routeSlug}`);
  await setStatus(coordinator, "Closed", "Bridge destroyed");
  await coordinator.goto("/en/coordinate");
  const alert = coordinator.locator(`[data-run-alert="${runId}"]`);
  await expect(alert).toContainText(`The route of run ${runReference} is closed.`);
  await expect(alert).toContainText("Nobody on it has been told");
  await coordinator.goto(runPath);
  await expect(coordinator.locator(".run-alert")).toContainText(`The route of run ${runReference} is closed.`);
  // Longer than each message above took to arrive: still nothing new.
  await coordinator.waitForTimeout(10_000);
  expect(await texted()).toEqual(told);

  // 8. The coordinator decides: two hours later. Now she is told the new window.
  const reschedule = coordinator.getByRole("region", { name: "Change the time or meeting place" });
  await reschedule.getByLabel("Leaves from").fill("2030-05-20T10:00");
  await reschedule.getByLabel("Leaves by").fill("2030-05-20T12:00");
  await reschedule.getByRole("button", { name: "Save and tell them" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Saved; everyone on the run will be told." })).toBeVisible();
  told.push(planned("10:00–12:00"));
  await expect.poll(texted, { timeout: 60_000 }).toEqual(told);
  // The road reopens before the new window: the alert goes.
  await coordinator.goto(`/en/coordinate/routes/${routeSlug}`);
  await setStatus(coordinator, "Open", "Bridge repaired");
  await coordinator.goto("/en/coordinate");
  await expect(coordinator.locator(`[data-run-alert="${runId}"]`)).toHaveCount(0);

  // 9. The other organisation: the van coming at the reception point as counts, never who.
  const other = await otherOrganisationCoordinator(browser, hex);
  await other.setViewportSize(PHONE);
  await other.goto(pointPath);
  const coming = other.locator("ul.incoming-runs > li");
  await expect(coming).toHaveCount(1);
  await expect(coming).toContainText(`From ${home.nameEn} · 2 people (0 in wheelchairs, 2 on stretchers)`);
  await expect(coming.getByRole("link")).toHaveCount(0);
  expect(await seriousViolations(other)).toEqual([]);
  const seenByOther: string[] = [await htmlAndPayload(other, pointPath)];
  for (const where of ["/en/coordinate", "/en/coordinate/requests", `/en/coordinate/requests/${requestId}`, "/en/coordinate/runs", "/en/coordinate/reception"]) {
    await other.goto(where);
    seenByOther.push(await htmlAndPayload(other, where));
  }
  expect((await other.goto(runPath))!.status()).toBe(404);
  expect((await other.goto(`${runPath}/manifest`))!.status()).toBe(404);
  for (const seen of seenByOther) {
    for (const secret of [name, marker, address, local, code, runReference, meetingPlace]) expect(seen, secret).not.toContain(secret);
  }

  // 10. Her own organisation's reception staff see the van by its reference, at 360 px; axe is clean.
  await coordinator.setViewportSize(PHONE);
  await coordinator.goto(pointPath);
  const ours = coordinator.locator("ul.incoming-runs > li");
  await expect(ours.getByRole("link", { name: runReference })).toHaveAttribute("href", runPath);
  await expect(ours).toContainText("2 people (0 in wheelchairs, 2 on stretchers)");
  expect(await seriousViolations(coordinator)).toEqual([]);
  await coordinator.goto("/en/coordinate/reception");
  await expect(coordinator.locator("[data-reception-point]").filter({ hasText: pointName })).toContainText("30 of 40 beds free");
  expect(await seriousViolations(coordinator)).toEqual([]);
  expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // 11. Boarding: she is told to be ready; she is boarded (her request done, and she is told).
  await coordinator.goto(runPath);
  expect(await seriousViolations(coordinator)).toEqual([]);
  await coordinator.getByRole("button", { name: "Start boarding" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Status changed." })).toBeVisible();
  told.push(`Запит ${code}: транспорт ${runReference} уже забирає людей, 20 трав. 2030 р., 10:00–12:00 (за Києвом), ${meetingPlace}. Будьте готові з документами й ліками.`);
  await expect.poll(texted, { timeout: 60_000 }).toEqual(told);
  for (const reference of [code, neighbours[0]!]) {
    await coordinator.getByLabel(`Outcome for ${reference}`).selectOption({ label: "Boarded" });
    await coordinator.locator(`[data-assignment]`).filter({ has: coordinator.getByLabel(`Outcome for ${reference}`) }).getByRole("button", { name: "Record the outcome" }).click();
    await expect(coordinator.getByRole("status").filter({ hasText: "Outcome recorded." })).toBeVisible();
  }
  told.push(`Запит ${code}: виконано, вас забрали. Бережіть себе.`);
  await expect.poll(texted, { timeout: 60_000 }).toEqual(told);

  // 12. On the road, then arrived with a count: the form says the point's free beds go down.
  await coordinator.getByRole("button", { name: "Mark departed" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Status changed." })).toBeVisible();
  const count = coordinator.getByLabel("People counted in at arrival");
  await expect(count).toHaveAccessibleDescription(/free beds go down by this count/);
  expect(await seriousViolations(coordinator)).toEqual([]);
  await count.fill("2");
  await coordinator.getByRole("button", { name: "Record arrival" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Status changed." })).toBeVisible();
  await expect(coordinator.locator("[data-run-status]")).toHaveAttribute("data-run-status", "arrived");

  // 13. Counted in: the point has 28 free beds (both on stretcher places took accessible ones), in
  // its history as an arrival, and on the destination's public page, in Ukrainian.
  await coordinator.goto(pointPath);
  await expect(coordinator.locator("ul.incoming-runs > li")).toHaveCount(0);
  await expect(coordinator.locator(".history > li").first()).toContainText("Run arrived: free beds lowered by the count");
  await expect(coordinator.locator(".history > li").first()).toContainText("28 of 40 beds free");
  const resident = await (await browser.newContext({ viewport: PHONE, locale: "uk-UA" })).newPage();
  // A copy made before the arrival lives at most the response cache's freshness (10 s).
  await expect(async () => {
    await resident.goto(`/uk/towns/${refuge.slug}`);
    await expect(resident.locator(".reception-point").filter({ hasText: pointName }).locator(".reception-beds")).toHaveText("28 з 40 місць вільно, 0 з 4 доступних", { timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  const publicPage = await resident.content();
  for (const secret of [name, marker, address, local, code, runReference, meetingPlace]) expect(publicPage, secret).not.toContain(secret);
  await resident.context().close();
  expect(await texted()).toEqual(told);
});
