import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signIn } from "./fixtures/sign-in";
import { uniqueSuffix } from "./fixtures/workspace";

// Account management as an admin does it, and what it means for the person on the other side.
// Specs share one server and database: this spec only changes accounts it creates itself, never
// the demo accounts. Its failed sign-ins (6 in all) stay far below the 20 per address that the
// whole suite, signing in from one address, must not reach.

async function signedInAdmin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "admin");
  return page;
}

/** Creates a coordinator through the form; returns its email, one-time password and page path. */
async function createCoordinator(admin: Page, label: string): Promise<{ email: string; password: string; path: string }> {
  const email = `${label}-${uniqueSuffix()}@example.org`;
  await admin.goto("/en/admin/users/new");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill(`Test ${label}`);
  await admin.getByLabel("Organisation").fill("Proliska");
  await admin.getByLabel("Role").selectOption("coordinator");
  await admin.getByRole("button", { name: "Create account" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "one-time password" })).toContainText(`Account ${email} created. Its one-time password:`);
  const password = (await admin.getByTestId("one-time-password").textContent())!.trim();
  expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  await admin.getByRole("link", { name: "Open the account" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `Account: ${email}` })).toBeVisible();
  return { email, password, path: new URL(admin.url()).pathname };
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/en/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("accounts", () => {
  test("a new coordinator's password is shown once; disabling ends their access mid-session; enable and reset", async ({ browser }) => {
    const admin = await signedInAdmin(browser);
    const { email, password, path } = await createCoordinator(admin, "disable");
    // Shown once: the account page and a new visit to the form never show it again.
    await expect(admin.getByText(password)).toHaveCount(0);
    await admin.goto("/en/admin/users/new");
    await expect(admin.getByText(password)).toHaveCount(0);
    await admin.goto("/en/admin/users");
    await expect(admin.locator("li", { hasText: email })).toContainText("Active");
    await expect(admin.locator("li", { hasText: email })).toContainText("never signed in");

    // The coordinator signs in in their own browser and opens a form.
    const coordinator = await (await browser.newContext()).newPage();
    await signInAs(coordinator, email, password);
    await expect(coordinator).toHaveURL(/\/en\/coordinate$/);
    await coordinator.goto("/en/coordinate/towns/new");
    await expect(coordinator.getByRole("heading", { level: 1 })).toBeVisible();

    // The admin disables the account.
    await admin.goto(path);
    await admin.getByRole("button", { name: "Disable account" }).click();
    await expect(admin).toHaveURL(/\?saved=disabled$/);
    await expect(admin.locator("main [role=status]")).toContainText("Account disabled.");
    await expect(admin.locator("dl")).toContainText("Disabled");

    // The coordinator's next request is refused: the form they had open, then any page.
    await coordinator.getByRole("button", { name: "Create town" }).click();
    await expect(coordinator.locator("main [role=alert]")).toContainText("Your account is disabled.");
    await coordinator.goto("/en/coordinate");
    await expect(coordinator).toHaveURL(/\/en\/login\?reason=disabled/);
    await expect(coordinator.locator("main [role=status]")).toContainText("This account has been disabled.");

    // Enabled again: the coordinator signs in afresh (disabling ended the old session).
    await admin.getByRole("button", { name: "Enable account" }).click();
    await expect(admin).toHaveURL(/\?saved=enabled$/);
    await expect(admin.locator("dl")).toContainText("Active");
    await signInAs(coordinator, email, password);
    await expect(coordinator).toHaveURL(/\/en\/coordinate$/);

    // A password reset shows a new one-time password once and ends the coordinator's session.
    await admin.getByRole("button", { name: "Reset password" }).click();
    await expect(admin.getByRole("status").filter({ hasText: `New one-time password for ${email}:` })).toBeVisible();
    const reset = (await admin.getByTestId("one-time-password").textContent())!.trim();
    expect(reset).not.toBe(password);
    await coordinator.goto("/en/coordinate");
    await expect(coordinator).toHaveURL(/\/en\/login\?reason=revoked/);
    await signInAs(coordinator, email, password);
    await expect(coordinator.locator("form [role=alert]")).toHaveText("The email or password is incorrect.");
    await signInAs(coordinator, email, reset);
    await expect(coordinator).toHaveURL(/\/en\/coordinate$/);
    await admin.reload();
    await expect(admin.getByText(reset)).toHaveCount(0);
  });

  test("the last active admin cannot be demoted, and cannot disable their own account", async ({ browser }) => {
    const admin = await signedInAdmin(browser);
    await admin.goto("/en/admin/users");
    const activeAdmins = admin.locator('li[data-role="admin"][data-status="active"]');
    // Only meaningful (and only safe for the other specs) while the demo admin is the only one.
    test.skip((await activeAdmins.count()) !== 1, "another active admin exists; demoting the demo admin would succeed");
    await admin.getByRole("link", { name: DEMO.admin }).click();
    await expect(admin.getByText("You cannot disable your own account; another admin can.")).toBeVisible();
    await expect(admin.getByRole("button", { name: "Disable account" })).toHaveCount(0);
    await admin.getByLabel("Role").selectOption("coordinator");
    await admin.getByRole("button", { name: "Save changes" }).click();
    await expect(admin.locator("main [role=alert]")).toContainText("Refused: this is the last active admin. Make another account an admin first.");
    await admin.reload();
    await expect(admin.locator("dl")).toContainText("admin");
    await admin.goto("/en/admin/users");
    await expect(activeAdmins).toHaveCount(1);
  });

  test("after five wrong passwords the sixth attempt is refused even with the right password", async ({ browser }) => {
    const admin = await signedInAdmin(browser);
    const { email, password } = await createCoordinator(admin, "lockout");
    // A forged X-Forwarded-For per request changes nothing: the account is counted, and the
    // address is the one the server saw.
    const context = await browser.newContext();
    const page = await context.newPage();
    for (let i = 1; i <= 5; i++) {
      await context.setExtraHTTPHeaders({ "X-Forwarded-For": `198.51.100.${i}` });
      await signInAs(page, email, `wrong password ${i}`);
      await expect(page.locator("form [role=alert]")).toHaveText("The email or password is incorrect.");
    }
    await signInAs(page, email, password);
    await expect(page.locator("form [role=alert]")).toHaveText(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/);
    await expect(page).toHaveURL(/\/en\/login/);
    await page.goto("/en/coordinate");
    await expect(page).toHaveURL(/\/en\/login/);
  });

  test("the account pages work at 360 px with no serious accessibility violation", async ({ browser }) => {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await signIn(page, "admin");
    await page.goto("/en/admin/users/new");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill("not an email");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter an email address, e.g. name@example.org.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    const { path } = await createCoordinator(page, "narrow");
    for (const url of [path, "/en/admin/users"]) {
      await page.goto(url);
      expect(await seriousViolations(page), url).toEqual([]);
      expect(await fitsWidth(page), url).toBe(true);
    }
    await page.goto(path);
    await page.getByRole("button", { name: "Reset password" }).click();
    await expect(page.getByTestId("one-time-password")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  });
});
