import { expect, test } from "@playwright/test";
import { pageAs } from "./fixtures/sign-in";
import { createTownByTyping, townNames, uniqueSuffix } from "./fixtures/workspace";

// The emergency purge as an admin does it: a town's request, the town's slug typed again (a
// wrong one changes nothing), and afterwards the request's details are gone and it is no longer
// open in the pool.

test("an admin purges one town's requests after typing its slug again; a wrong slug changes nothing", async ({ browser }) => {
  // A town, a hotline request and the purge page on a loaded machine.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const name = `Галина Пургова ${suffix}`;
  const address = `вул. Тиха ${suffix}`;
  const admin = await pageAs(browser, "admin");
  const town = townNames("Purge");
  await createTownByTyping(admin, town);

  await admin.goto("/en/coordinate/requests/new");
  await admin.getByLabel("Town").selectOption({ label: town.nameEn });
  await admin.getByLabel("Who is asking").selectOption("relative");
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByLabel("How many people").fill("1");
  await admin.getByLabel("Mobility").selectOption("bedridden");
  await admin.getByLabel("Phone", { exact: true }).fill(`050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`);
  await admin.getByLabel("Where to pick them up").fill(address);
  await admin.getByLabel("They heard this and agreed").check();
  await admin.getByRole("button", { name: "Save the request" }).click();
  await expect(admin.getByTestId("reference-code")).toBeVisible();

  await admin.goto("/en/coordinate/requests");
  const section = admin.locator(`section[data-town="${town.slug}"]`);
  await expect(section).toContainText("1 open request");
  const requestPath = (await section.getByRole("link", { name: /^Request 1 in/ }).getAttribute("href"))!;

  await admin.goto("/en/admin/requests");
  const row = admin.getByRole("row").filter({ hasText: town.slug });
  await expect(row).toContainText("1");
  await admin.getByLabel("Town to purge").selectOption(town.slug);
  await admin.getByLabel("Type the town's slug again to confirm").fill(`${town.slug}-x`);
  await admin.getByRole("button", { name: "Destroy the personal details of this town's requests" }).click();
  await expect(admin.getByText("Type the town's slug exactly to confirm.")).toBeVisible();
  await admin.goto("/en/admin/requests");
  await expect(admin.getByRole("row").filter({ hasText: town.slug })).toHaveCount(1);
  await admin.goto(requestPath);
  await expect(admin.getByText(name)).toBeVisible();

  await admin.goto("/en/admin/requests");
  await admin.getByLabel("Town to purge").selectOption(town.slug);
  await admin.getByLabel("Type the town's slug again to confirm").fill(town.slug);
  await admin.getByRole("button", { name: "Destroy the personal details of this town's requests" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "the personal details of 1 request were destroyed." })).toBeVisible();
  await expect(admin.getByRole("row").filter({ hasText: town.slug })).toHaveCount(0);

  await admin.goto("/en/coordinate/requests");
  await expect(admin.locator(`section[data-town="${town.slug}"]`)).toHaveCount(0);
  await admin.goto(requestPath);
  await expect(admin.getByText("The personal details have been erased.")).toBeVisible();
  for (const secret of [name, "Пургова", address]) expect(await admin.content(), secret).not.toContain(secret);
});
