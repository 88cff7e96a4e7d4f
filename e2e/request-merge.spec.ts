import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { pageAs } from "./fixtures/sign-in";
import { createTownByTyping, townNames, uniqueSuffix, type NewTown } from "./fixtures/workspace";

// The same grandmother asked for twice: once by her daughter on the hotline, once by a relative
// abroad who writes the street in Latin letters. The organisation holding the first request sees
// the second listed on its page as a similar address and merges it there in one step; nothing of
// the second is lost.

async function hotlineRequest(page: Page, town: NewTown, { name, phone, address }: { name: string; phone: string; address: string }) {
  await page.goto("/en/coordinate/requests/new");
  await page.getByLabel("Town").selectOption({ label: town.nameEn });
  await page.getByLabel("Who is asking").selectOption("relative");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("How many people").fill("1");
  await page.getByLabel("Mobility").selectOption("bedridden");
  await page.getByLabel("Phone", { exact: true }).fill(phone);
  await page.getByLabel("Where to pick them up").fill(address);
  await page.getByLabel("They heard this and agreed").check();
  await page.getByRole("button", { name: "Save the request" }).click();
  await expect(page.getByTestId("reference-code")).toBeVisible();
}

const phone = () => `050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;

test("a repeat of a held request, its street in Latin letters, is merged from the held request's page in one step, and nothing of it is lost", async ({ browser }) => {
  // A town, two hotline entries and a handful of pages on a loaded machine.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const coordinator = await pageAs(browser, "coordinator");
  const town = townNames("Merge");
  await createTownByTyping(coordinator, town);

  const number = suffix.replace(/\D/g, "").slice(-4) || "17";
  await hotlineRequest(coordinator, town, { name: `Галина Злита ${suffix}`, phone: phone(), address: `вул. Шевченка ${number}` });
  await coordinator.goto("/en/coordinate/requests");
  const section = coordinator.locator(`section[data-town="${town.slug}"]`);
  await section.getByRole("button", { name: "Claim for my organisation" }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Claimed for your organisation." })).toBeVisible();
  const keptPath = new URL(coordinator.url()).pathname;

  const repeatName = `Halyna Zlyta ${suffix}`;
  await hotlineRequest(coordinator, town, { name: repeatName, phone: phone(), address: `vul. Shevchenka ${number}` });

  // On the kept request's page: the repeat is listed, and merged with one button.
  await coordinator.goto(keptPath);
  const related = coordinator.getByRole("region", { name: "Requests that may be the same household" });
  await expect(related).toContainText("similar address");
  await expect(related).toContainText("Not claimed");
  expect(await coordinator.content()).not.toContain(repeatName);
  expect(await seriousViolations(coordinator)).toEqual([]);
  await related.getByRole("button", { name: /^Merge the request asked .* into this one$/ }).click();
  await expect(coordinator.getByRole("status").filter({ hasText: "Merged into this request." })).toBeVisible();
  await expect(coordinator).toHaveURL((url) => url.pathname === keptPath);
  await expect(coordinator.getByRole("region", { name: "Requests that may be the same household" })).toHaveCount(0);
  const mergedFrom = coordinator.getByRole("region", { name: "Merged into this request" });
  await expect(mergedFrom).toContainText("Duplicate");

  // The pool lists the kept one alone; the merged one's page points back and still opens its details to the holder.
  await coordinator.goto("/en/coordinate/requests");
  await expect(section).toContainText("1 open request");
  await coordinator.goto(keptPath);
  await coordinator.getByRole("region", { name: "Merged into this request" }).getByRole("link").click();
  await expect(coordinator.getByText(repeatName)).toBeVisible();
  // Closed as a duplicate, it has nothing left to merge.
  await expect(coordinator.getByRole("region", { name: "Requests that may be the same household" })).toHaveCount(0);
  await coordinator.getByRole("link", { name: "Open the request it was merged into" }).click();
  await expect(coordinator).toHaveURL((url) => url.pathname === keptPath);

  // The same sections in Ukrainian and Russian.
  await coordinator.goto(keptPath.replace(/^\/en\//, "/uk/"));
  await expect(coordinator.getByRole("heading", { name: "Об’єднані з цим запитом" })).toBeVisible();
  await coordinator.goto(keptPath.replace(/^\/en\//, "/ru/"));
  await expect(coordinator.getByRole("heading", { name: "Объединены с этим запросом" })).toBeVisible();
});
