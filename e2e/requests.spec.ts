import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { pageAs } from "./fixtures/sign-in";
import { createTownByTyping, townNames, uniqueSuffix } from "./fixtures/workspace";

// Transport requests between organisations: a hotline operator enters one, the demo coordinator's
// organisation claims it and sees the person's details; a coordinator of another organisation
// sees the same counts and needs, and none of the details in the page or in its RSC payload.

/** Signs a fresh account in on a page of its own (it lands on the coordinators' start page). */
async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/en/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/coordinate$/);
}

/** The page as the browser got it, and the RSC payload a client navigation to it fetches. */
async function htmlAndPayload(page: Page, path: string): Promise<string> {
  const html = await page.content();
  const payload = await (await page.request.get(path, { headers: { RSC: "1" } })).text();
  expect(payload.length).toBeGreaterThan(0);
  return `${html}\n${payload}`;
}

test("the hotline enters a request; the claiming organisation sees the phone; another sees only counts and needs", async ({ browser }) => {
  // A town, two accounts' sign-ins (argon2 on a loaded machine) and a handful of pages.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const name = `Halyna Testova ${suffix}`;
  const local = `${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const address = `Tykha street ${suffix}, flat 5`;

  const operator = await pageAs(browser, "coordinator");
  const town = townNames("Requests");
  await createTownByTyping(operator, town);

  // The hotline form, as an operator fills it on the phone.
  await operator.goto("/en/coordinate/requests/new");
  await operator.getByLabel("Town").selectOption({ label: town.nameEn });
  await operator.getByLabel("Who is asking").selectOption("relative");
  await operator.getByLabel("Name", { exact: true }).fill(name);
  await operator.getByLabel("How many people").fill("2");
  await operator.getByLabel("Mobility").selectOption("wheelchair");
  await operator.getByLabel("Oxygen").check();
  await operator.getByLabel("Phone", { exact: true }).fill(`050${local}`);
  await operator.getByLabel("Where to pick them up").fill(address);
  // Without consent read out (and no reason), nothing is saved and the form says why.
  await operator.getByRole("button", { name: "Save the request" }).click();
  await expect(operator.getByText("Read out the consent text and tick that they agreed")).toBeVisible();
  await expect(operator.getByLabel("Where to pick them up")).toHaveValue(address);
  await operator.getByLabel("They heard this and agreed").check();
  await operator.getByRole("button", { name: "Save the request" }).click();
  const code = (await operator.getByTestId("reference-code").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(await seriousViolations(operator)).toEqual([]);

  // The demo coordinator's organisation claims it from the pool and sees how to reach the person.
  await operator.goto("/en/coordinate/requests");
  const section = operator.locator(`section[data-town="${town.slug}"]`);
  await expect(section).toContainText("1 open request, 1 not claimed");
  await expect(section).toContainText("Wheelchair");
  expect(await operator.content()).not.toContain(name);
  expect(await seriousViolations(operator)).toEqual([]);
  await section.getByRole("button", { name: "Claim for my organisation" }).click();
  await expect(operator.getByRole("status").filter({ hasText: "Claimed for your organisation." })).toBeVisible();
  await expect(operator.getByRole("link", { name: `+38050${local}` })).toBeVisible();
  await expect(operator.getByText(name)).toBeVisible();
  await expect(operator.getByText(code)).toBeVisible();
  expect(await seriousViolations(operator)).toEqual([]);
  const requestPath = new URL(operator.url()).pathname;

  // A coordinator of another organisation, made by an admin for this test.
  const admin = await pageAs(browser, "admin");
  const email = `requests-${suffix}@example.org`;
  await admin.goto("/en/admin/users/new");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill("Other Organisation");
  await admin.getByLabel("Organisation").selectOption({ label: "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)" });
  await admin.getByLabel("Role").selectOption("coordinator");
  await admin.getByRole("button", { name: "Create account" }).click();
  const password = (await admin.getByTestId("one-time-password").textContent())!.trim();
  const other = await (await browser.newContext()).newPage();
  await signInAs(other, email, password);

  const secrets = [name, "Testova", `50${local}`, address, code];
  await other.goto("/en/coordinate/requests");
  const seen = other.locator(`section[data-town="${town.slug}"]`);
  await expect(seen).toContainText("1 open request, all claimed");
  await expect(seen).toContainText("Wheelchair");
  await expect(seen).toContainText("Oxygen");
  await expect(seen).toContainText("Luhansk Regional Military Administration");
  await expect(seen.getByRole("button", { name: /Claim|Take over/ })).toHaveCount(0);
  const poolSeen = await htmlAndPayload(other, "/en/coordinate/requests");
  for (const secret of secrets) expect(poolSeen, secret).not.toContain(secret);

  await other.goto(requestPath);
  await expect(other.getByText("Shown only to the organisation that has claimed this request")).toBeVisible();
  const pageSeen = await htmlAndPayload(other, requestPath);
  for (const secret of secrets) expect(pageSeen, secret).not.toContain(secret);
});
