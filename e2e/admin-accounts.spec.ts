import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, pageAs } from "./fixtures/sign-in";
import { startOwnInstance, type Instance } from "./fixtures/instances";
import { uniqueSuffix } from "./fixtures/workspace";

// Account management as an admin does it, and what it means for the person on the other side.
// Specs share one server and database: this spec only changes accounts it creates itself, never
// the demo accounts (the admin's stored session is every admin spec's). The last-admin rule needs
// a database where the demo admin is the only admin for certain, so that test has a server and
// database of its own. Its failed sign-ins (6 in all) stay far below the 20 per address that the
// whole suite, signing in from one address, must not reach.

const signedInAdmin = (browser: Browser, options?: BrowserContextOptions): Promise<Page> => pageAs(browser, "admin", options);

/** Creates an account through the form (on the shared server unless `base`); returns its email, one-time password and page path. */
async function createAccount(admin: Page, label: string, role: "admin" | "coordinator", base = ""): Promise<{ email: string; password: string; path: string }> {
  const email = `${label}-${uniqueSuffix()}@example.org`;
  await admin.goto(`${base}/en/admin/users/new`);
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill(`Test ${label}`);
  await admin.getByLabel("Organisation").selectOption({ label: "Corridor demo" });
  await admin.getByLabel("Role").selectOption(role);
  await admin.getByRole("button", { name: "Create account" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "one-time password" })).toContainText(`Account ${email} created. Its one-time password:`);
  const password = (await admin.getByTestId("one-time-password").textContent())!.trim();
  expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  await admin.getByRole("link", { name: "Open the account" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `Account: ${email}` })).toBeVisible();
  return { email, password, path: new URL(admin.url()).pathname };
}

const createCoordinator = (admin: Page, label: string) => createAccount(admin, label, "coordinator");

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

async function signInAs(page: Page, email: string, password: string, base = "") {
  await page.goto(`${base}/en/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("accounts", () => {
  test("a new coordinator's password is shown once; disabling ends their access mid-session; enable and reset", async ({ browser }) => {
    // Six sign-ins and four account changes, each an argon2 hash: past 30 s on a loaded 2-core machine.
    test.setTimeout(60_000);
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
    // Auth.js's session endpoint, as a client script would read it (the context's cookies).
    const session = async () => (await coordinator.request.get("/api/auth/session")).json();
    expect(await session()).toMatchObject({ userId: expect.any(String), sessionId: expect.any(String) });
    await coordinator.goto("/en/coordinate/towns/new");
    await expect(coordinator.getByRole("heading", { level: 1 })).toBeVisible();

    // The admin disables the account.
    await admin.goto(path);
    await admin.getByRole("button", { name: "Disable account" }).click();
    await expect(admin).toHaveURL(/\?saved=disabled$/);
    await expect(admin.locator("main [role=status]")).toContainText("Account disabled.");
    await expect(admin.locator("dl")).toContainText("Disabled");

    // The session endpoint answers a disabled account as signed out, as for no session at all.
    expect(await session()).toBeNull();
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
    expect(await session()).toBeNull();
    await coordinator.goto("/en/coordinate");
    await expect(coordinator).toHaveURL(/\/en\/login\?reason=revoked/);
    await expect(coordinator.locator("main [role=status]")).toContainText("Your session has ended. Please sign in again.");
    await signInAs(coordinator, email, password);
    await expect(coordinator.locator("form [role=alert]")).toHaveText("The email or password is incorrect.");
    await signInAs(coordinator, email, reset);
    await expect(coordinator).toHaveURL(/\/en\/coordinate$/);
    await admin.reload();
    await expect(admin.getByText(reset)).toHaveCount(0);
  });

  test.describe("on a database of its own", () => {
    // Here the demo admin is, provably, the only admin: no other spec can add one meanwhile.
    let own: Instance;
    test.beforeAll(async () => {
      test.setTimeout(90_000);
      own = await startOwnInstance();
    });
    test.afterAll(async () => {
      await own?.stop();
    });

    test("the last active admin cannot be demoted, and cannot disable their own account; with a second admin they can step down", async ({ page }) => {
      test.setTimeout(90_000);
      const at = (p: string) => `${own.url}${p}`;
      await signInAs(page, DEMO.admin, DEMO_PASSWORD, own.url);
      // Its own instance renders every page for the first time, through the start page's redirect.
      await expect(page).toHaveURL(/\/en\/admin\/incidents/, { timeout: 30_000 });
      await page.goto(at("/en/admin/users"));
      const activeAdmins = page.locator('li[data-role="admin"][data-status="active"]');
      await expect(activeAdmins).toHaveCount(1);
      await expect(activeAdmins).toContainText(DEMO.admin);

      await page.getByRole("link", { name: DEMO.admin }).click();
      await expect(page.getByText("You cannot disable your own account; another admin can.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Disable account" })).toHaveCount(0);
      await page.getByLabel("Role").selectOption("coordinator");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.locator("main [role=alert]")).toContainText("Refused: this is the last active admin. Make another account an admin first.");
      await page.reload();
      await expect(page.locator("dl")).toContainText("admin");
      await page.goto(at("/en/admin/users"));
      await expect(activeAdmins).toHaveCount(1);

      // The refusal is about being the last one: once a second admin exists, the demo admin may step down.
      const second = await createAccount(page, "second-admin", "admin", own.url);
      await page.goto(at("/en/admin/users"));
      await expect(activeAdmins).toHaveCount(2);
      await expect(activeAdmins.filter({ hasText: second.email })).toHaveCount(1);
      await page.getByRole("link", { name: DEMO.admin }).click();
      await page.getByLabel("Role").selectOption("coordinator");
      await page.getByRole("button", { name: "Save changes" }).click();
      // Saved; and no longer an admin, the demo account is refused the admin pages at once.
      await expect(page).toHaveURL(/\?saved=updated$/);
      await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
      expect((await page.goto(at("/en/admin/users")))?.status()).toBe(403);
    });
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
    const page = await signedInAdmin(browser, { viewport: { width: 360, height: 740 } });
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

// The edit form names its organisation in a hidden field: changed to another organisation's id,
// the names typed for this one would have gone onto that one. Refused as an altered page.
test("an organisation's edit form saves only that organisation, never one whose id was put in its place", async ({ browser }) => {
  test.slow(); // six page loads and three saves
  const admin = await signedInAdmin(browser);
  const create = async (name: string) => {
    await admin.goto("/en/admin/organisations/new");
    await admin.getByLabel("Short name").fill(name);
    await admin.getByLabel("Full name in Ukrainian").fill(`${name} uk`);
    await admin.getByLabel("Full name in Russian").fill(`${name} ru`);
    await admin.getByLabel("Full name in English").fill(`${name} en`);
    await admin.getByRole("button", { name: "Create" }).click();
    await expect(admin).toHaveURL(/\/en\/admin\/organisations\/[0-9a-f-]{36}\?saved=created$/);
    return new URL(admin.url()).pathname;
  };
  const suffix = uniqueSuffix();
  const first = await create(`Alpha ${suffix}`);
  const second = await create(`Bravo ${suffix}`);

  await admin.goto(first);
  await admin.locator('input[name="id"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), second.split("/").pop()!);
  await admin.getByLabel("Short name").fill(`Renamed ${suffix}`);
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByText("The page this form came from is out of date or was altered")).toBeVisible();
  await admin.goto(second);
  await expect(admin.getByLabel("Short name")).toHaveValue(`Bravo ${suffix}`);

  // The page as it came saves its own organisation.
  await admin.goto(first);
  await admin.getByLabel("Short name").fill(`Renamed ${suffix}`);
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin).toHaveURL(/\?saved=updated$/);
  await expect(admin.getByLabel("Short name")).toHaveValue(`Renamed ${suffix}`);
  await admin.context().close();
});
