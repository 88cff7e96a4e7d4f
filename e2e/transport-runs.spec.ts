import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { pageAs } from "./fixtures/sign-in";
import { createTownByTyping, townNames, uniqueSuffix } from "./fixtures/workspace";

// A van with two stretcher places: a coordinator plans it, puts two bedridden people on it, and a
// third is refused with the reason; the places taken are said in words on the run's page.

/** A bedridden person's request phoned in for `town`, then claimed for the coordinator's organisation. */
async function claimedBedriddenRequest(page: Page, townLabel: string, townSlug: string, n: number): Promise<string> {
  await page.goto("/en/coordinate/requests/new");
  await page.getByLabel("Town").selectOption({ label: townLabel });
  await page.getByLabel("Who is asking").selectOption("relative");
  await page.getByLabel("Name", { exact: true }).fill(`Run Person ${n}`);
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

test("a van with 2 stretcher places takes 2 bedridden people and refuses a third, saying why", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await pageAs(browser, "coordinator");
  const town = townNames("Runs");
  await createTownByTyping(page, town);
  const codes: string[] = [];
  for (let n = 1; n <= 3; n++) codes.push(await claimedBedriddenRequest(page, town.nameEn, town.slug, n));

  await page.goto("/en/coordinate/runs/new");
  await page.getByLabel("Vehicle").selectOption("van");
  await page.getByLabel("Seats", { exact: true }).fill("2");
  await page.getByLabel("Stretcher places").fill("2");
  await page.getByLabel("Pickup town").selectOption({ label: town.nameEn });
  await page.getByLabel("Leaves from").fill("2030-05-20T08:00");
  await page.getByLabel("Leaves by").fill("2030-05-20T10:00");
  await page.getByLabel("Destination town").selectOption({ label: "Dnipro" });
  await page.getByLabel("Crew contact").fill("+380 67 000 11 22");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Plan the run" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The run is planned." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Run R-[0-9A-Z]{6}: Van$/);
  // The crew's contact is internal and sealed: not on the run's page.
  expect(await page.content()).not.toContain("000 11 22");

  for (const code of codes.slice(0, 2)) {
    await page.getByLabel("Request", { exact: true }).selectOption({ label: `${code}: 1 person, Bedridden (stretcher)` });
    await page.getByRole("button", { name: "Put on the run" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Put on the run; they will be told." })).toBeVisible();
  }
  await expect(page.getByTestId("run-places")).toContainText("stretcher 2 of 2");
  await page.getByLabel("Request", { exact: true }).selectOption({ label: `${codes[2]}: 1 person, Bedridden (stretcher)` });
  await page.getByRole("button", { name: "Put on the run" }).click();
  await expect(page.getByText("The stretcher places on this run are all taken.")).toBeVisible();
  await expect(page.getByTestId("run-places")).toContainText("stretcher 2 of 2");
  await expect(page.locator("[data-assignment]")).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);

  // At 360 px the page still fits: nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
