import { expect, test, type Browser, type BrowserContext, type Page, type PlaywrightWorkerArgs, type Route } from "@playwright/test";
import { signIn, STORAGE_STATE } from "./fixtures/sign-in";
import {
  confirmForm,
  createTownByTyping,
  DEFAULT_REASON_CODE,
  fillTownForm,
  historyItems,
  languageField,
  reasonCode,
  reasonField,
  statusForm,
  townNames,
  uniqueSuffix,
} from "./fixtures/workspace";

// Server actions are public endpoints: each of the workspace's actions must refuse a caller with
// no session, and one whose session has been signed out, whatever the page sent.
//
// How: the coordinator's browser performs the action through the UI, and the request carrying the
// Next-Action header is recorded and ABORTED, so the server never sees it. The recorded request is
// then replayed (1) with no cookies, (2) with a made-up session cookie and (3) with the cookies of
// a session that has signed out: all must be refused and change nothing (checked through the
// coordinator's pages). Finally (4) it is replayed with the coordinator's own cookies and must take
// effect: the positive control that proves the payload was one the server would accept.

type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };
type Reply = { status: number; location: string; actionRedirect: string; body: string };
type Playwright = PlaywrightWorkerArgs["playwright"];

/** Runs `trigger` and records (and aborts) the first server-action POST it sends. */
async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  let found!: (action: CapturedAction) => void;
  const captured = new Promise<CapturedAction>((resolve) => (found = resolve));
  const handler = async (route: Route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      const headers = await request.allHeaders();
      for (const name of ["cookie", "content-length", "host"]) delete headers[name];
      found({ url: request.url(), headers, body: request.postDataBuffer() ?? Buffer.alloc(0) });
      await route.abort();
    } else {
      await route.fallback();
    }
  };
  await page.route("**/*", handler);
  await trigger();
  const action = await captured;
  await page.unroute("**/*", handler);
  expect(action.headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);
  expect(action.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  expect(action.headers["next-router-state-tree"]).toBeTruthy();
  expect(action.body.length).toBeGreaterThan(0);
  return action;
}

/** Sends the recorded request again from outside any browser, with the given Cookie header (or none). */
async function replay(playwright: Playwright, baseURL: string, action: CapturedAction, cookie?: string): Promise<Reply> {
  const request = await playwright.request.newContext({ baseURL });
  try {
    const response = await request.post(action.url, {
      headers: cookie ? { ...action.headers, cookie } : action.headers,
      data: action.body,
      maxRedirects: 0,
    });
    const headers = response.headers();
    return {
      status: response.status(),
      location: headers["location"] ?? "",
      actionRedirect: headers["x-action-redirect"] ?? "",
      body: await response.text(),
    };
  } finally {
    await request.dispose();
  }
}

function cookieHeader(cookies: Awaited<ReturnType<BrowserContext["cookies"]>>): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * Refused: the form state carries the access error code (or, when `loginRedirectCounts`, the
 * request was sent to sign in before reaching the action), and nothing reports success.
 */
function expectRefused(reply: Reply, codes: string[], what: string, loginRedirectCounts = false) {
  const toLogin = loginRedirectCounts && reply.status >= 300 && reply.status < 400 && /\/login(\?|$)/.test(reply.location);
  // The form state's error, e.g. {"code":"access_revoked"} (the message texts may be in the payload too).
  const coded = codes.some((code) => reply.body.includes(`"code":"${code}"`));
  expect(toLogin || coded, `${what}: HTTP ${reply.status} location=${reply.location} body=${reply.body.slice(0, 300)}`).toBe(true);
  expect(reply.actionRedirect, what).not.toMatch(/\/coordinate\//);
  expect(reply.body, what).not.toMatch(/"status":"saved"/);
}

const FORGED_COOKIE = "authjs.session-token=not-a-real-session";

type Session = { pageA: Page; cookiesA: () => Promise<string>; staleCookies: string; close: () => Promise<void> };

/**
 * A: the coordinator's stored session (the setup project's). The stale cookies: B's session, signed
 * in here for this test alone (signing out the stored session would end it for every other spec),
 * copied, then signed out in B.
 */
async function sessions(browser: Browser): Promise<Session> {
  const [contextA, contextB] = await Promise.all([browser.newContext({ storageState: STORAGE_STATE.coordinator }), browser.newContext()]);
  const [pageA, pageB] = await Promise.all([contextA.newPage(), contextB.newPage()]);
  await signIn(pageB, "coordinator");
  const copied = await contextB.cookies();
  expect(copied.some((c) => c.name.includes("authjs.session-token"))).toBe(true);
  await pageB.getByRole("button", { name: "Sign out" }).click();
  await expect(pageB).toHaveURL(/\/en$/);
  await contextB.close();
  return {
    pageA,
    cookiesA: async () => cookieHeader(await contextA.cookies()),
    staleCookies: cookieHeader(copied),
    close: () => contextA.close(),
  };
}

/**
 * The refused replays, then `unchanged` (checked through A's pages), then the accepted one.
 * With no cookie at all the proxy already sends the request to sign in, so a made-up session
 * cookie is tried too: it gets past the proxy and must be refused by the action itself.
 */
async function refusedThenAccepted(
  playwright: Playwright,
  baseURL: string,
  s: Session,
  action: CapturedAction,
  success: { redirectTo: RegExp } | { saved: "statusUpdated" | "statusConfirmed" },
  unchanged: () => Promise<void>,
): Promise<Reply> {
  expectRefused(await replay(playwright, baseURL, action), ["access_unauthenticated"], "no cookies", true);
  expectRefused(await replay(playwright, baseURL, action, FORGED_COOKIE), ["access_unauthenticated"], "made-up session cookie");
  expectRefused(await replay(playwright, baseURL, action, s.staleCookies), ["access_revoked", "access_unauthenticated"], "signed-out session");
  await unchanged();
  const accepted = await replay(playwright, baseURL, action, await s.cookiesA());
  expect(accepted.status, accepted.body.slice(0, 300)).toBeLessThan(400);
  expect(accepted.body).not.toMatch(/"code":"access_/);
  if ("redirectTo" in success) expect(accepted.actionRedirect).toMatch(success.redirectTo);
  else expect(accepted.body).toContain(`"status":"saved","message":"${success.saved}"`);
  return accepted;
}

test.describe("server actions refuse callers without a valid session", () => {
  test.setTimeout(90_000);

  test("towns: create, update, delete", async ({ browser, playwright, baseURL }) => {
    const s = await sessions(browser);
    const { pageA } = s;
    const town = townNames("Authz town");
    const townPath = `/en/coordinate/towns/${town.slug}`;

    await test.step("createTownAction", async () => {
      await pageA.goto("/en/coordinate/towns/new");
      await fillTownForm(pageA, town, { lat: "48.55000", lon: "37.05000" });
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Create town" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: new RegExp(`^${townPath}\\?saved=1`) }, async () => {
        expect((await pageA.goto(townPath))?.status()).toBe(404);
      });
      expect((await pageA.goto(townPath))?.status()).toBe(200);
      await expect(pageA.getByLabel("Name in English")).toHaveValue(town.nameEn);
    });

    const renamed = `${town.nameEn} renamed`;
    await test.step("updateTownAction", async () => {
      await pageA.goto(townPath);
      await pageA.getByLabel("Name in English").fill(renamed);
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Save town" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: new RegExp(`^${townPath}\\?saved=1`) }, async () => {
        await pageA.goto(townPath);
        await expect(pageA.getByLabel("Name in English")).toHaveValue(town.nameEn);
      });
      await pageA.goto(townPath);
      await expect(pageA.getByLabel("Name in English")).toHaveValue(renamed);
    });

    await test.step("deleteTownAction", async () => {
      await pageA.goto(townPath);
      await expect(pageA.getByLabel("Name in English")).toHaveValue(renamed);
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Delete town" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: /^\/en\/coordinate\/towns\?deleted=1/ }, async () => {
        expect((await pageA.goto(townPath))?.status()).toBe(200);
      });
      expect((await pageA.goto(townPath))?.status()).toBe(404);
    });
    await s.close();
  });

  test("routes: create, status update, confirm unchanged, edit", async ({ browser, playwright, baseURL }) => {
    const s = await sessions(browser);
    const { pageA } = s;
    const town = townNames("Authz route");
    await createTownByTyping(pageA, town, { lat: "48.45000", lon: "36.95000" });
    const slug = `${town.slug}-kyiv`;
    const routePath = `/en/coordinate/routes/${slug}`;
    const reason = `Shelling near the bridge ${uniqueSuffix()}`;

    await test.step("createRouteAction", async () => {
      await pageA.goto("/en/coordinate/routes/new");
      await pageA.getByLabel("From (origin town)").selectOption({ label: town.nameEn });
      await pageA.getByLabel("To (destination town)").selectOption({ label: "Kyiv" });
      await pageA.getByLabel("Waypoints").fill("48.45000, 36.95000\n49.50000, 33.50000\n50.45000, 30.52300");
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Create route" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: new RegExp(`^${routePath}(;|$)`) }, async () => {
        expect((await pageA.goto(routePath))?.status()).toBe(404);
      });
      expect((await pageA.goto(routePath))?.status()).toBe(200);
    });

    // Right after creating it: a new, never-confirmed route heads every dashboard until it has a status.
    await test.step("updateRouteStatusAction", async () => {
      await pageA.goto(routePath);
      const form = statusForm(pageA);
      await form.getByRole("radio", { name: "Caution", exact: true }).check();
      await reasonCode(form, DEFAULT_REASON_CODE).check();
      await reasonField(form).fill(reason);
      const action = await captureAction(pageA, () => form.getByRole("button", { name: "Update status" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { saved: "statusUpdated" }, async () => {
        await pageA.goto(routePath);
        await expect(pageA.getByText("No status has been recorded yet.")).toBeVisible();
      });
      await pageA.goto(routePath);
      await expect(historyItems(pageA)).toHaveCount(1);
      await expect(historyItems(pageA).first()).toContainText("Caution");
      await expect(historyItems(pageA).first().locator(".reason-detail")).toHaveText(reason);
    });

    await test.step("confirmRouteStatusAction", async () => {
      const action = await captureAction(pageA, () => confirmForm(pageA).getByRole("button", { name: "Confirm unchanged" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { saved: "statusConfirmed" }, async () => {
        await pageA.goto(routePath);
        await expect(historyItems(pageA)).toHaveCount(1);
      });
      await pageA.goto(routePath);
      await expect(historyItems(pageA)).toHaveCount(2);
      await expect(historyItems(pageA).first()).toContainText("Confirmed unchanged");
    });

    const assembly = `Bus station, gate ${uniqueSuffix()}`;
    await test.step("updateRouteAction", async () => {
      await pageA.goto(`${routePath}/edit`);
      await languageField(pageA, "Assembly point", "English").fill(assembly);
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Save route" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: new RegExp(`^${routePath}(;|$)`) }, async () => {
        await pageA.goto(routePath);
        await expect(pageA.getByRole("heading", { level: 1, name: `${town.nameEn} → Kyiv` })).toBeVisible();
        await expect(pageA.getByText(assembly)).toHaveCount(0);
      });
      await pageA.goto(routePath);
      await expect(pageA.getByRole("definition").filter({ hasText: assembly })).toBeVisible();
      // Editing the details left the status history alone.
      await expect(historyItems(pageA)).toHaveCount(2);
    });
    await s.close();
  });

  test("area notices: create, update, expire", async ({ browser, playwright, baseURL }) => {
    const s = await sessions(browser);
    const { pageA } = s;
    const town = townNames("Authz notice");
    await createTownByTyping(pageA, town, { lat: "48.35000", lon: "36.85000" });
    const text = `Shelter at the school ${uniqueSuffix()}`;
    const notice = () => pageA.getByRole("listitem").filter({ has: pageA.getByRole("heading", { name: `${town.nameEn} · Warning` }) });

    await test.step("createNoticeAction", async () => {
      await pageA.goto("/en/coordinate/notices/new");
      await pageA.getByLabel("For").selectOption({ label: town.nameEn });
      await pageA.getByLabel("Severity").selectOption({ label: "Warning" });
      await languageField(pageA, "Notice text", "Ukrainian").fill(text);
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Publish notice" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: /^\/en\/coordinate\/notices\?saved=1/ }, async () => {
        await pageA.goto("/en/coordinate/notices");
        await expect(pageA.getByRole("heading", { level: 1, name: "Area notices" })).toBeVisible();
        await expect(notice()).toHaveCount(0);
      });
      await pageA.goto("/en/coordinate/notices");
      await expect(notice()).toHaveCount(1);
      await expect(notice()).toContainText(text);
      await expect(notice()).toContainText("In force");
    });

    let editPath = "";
    await test.step("updateNoticeAction", async () => {
      await notice().getByRole("link", { name: "Edit" }).click();
      await expect(pageA.getByRole("heading", { level: 1, name: "Edit notice" })).toBeVisible();
      editPath = new URL(pageA.url()).pathname;
      await languageField(pageA, "Notice text", "Ukrainian").fill(`${text} (updated)`);
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Save notice" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: /^\/en\/coordinate\/notices\?saved=1/ }, async () => {
        await pageA.goto(editPath);
        await expect(languageField(pageA, "Notice text", "Ukrainian")).toHaveValue(text);
      });
      await pageA.goto(editPath);
      await expect(languageField(pageA, "Notice text", "Ukrainian")).toHaveValue(`${text} (updated)`);
    });

    await test.step("expireNoticeAction", async () => {
      const action = await captureAction(pageA, () => pageA.getByRole("button", { name: "Expire now" }).click());
      await refusedThenAccepted(playwright, baseURL!, s, action, { redirectTo: /^\/en\/coordinate\/notices\?expired=1/ }, async () => {
        await pageA.goto("/en/coordinate/notices");
        await expect(notice()).toContainText("In force");
      });
      await pageA.goto("/en/coordinate/notices");
      await expect(notice()).toContainText("Ended");
      await expect(notice()).not.toContainText("In force");
      await pageA.goto(editPath);
      await expect(pageA.getByRole("button", { name: "Expire now" })).toHaveCount(0);
    });
    await s.close();
  });
});
