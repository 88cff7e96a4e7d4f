import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { signInAt, startOwnInstance, type Instance } from "./fixtures/instances";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { TELEGRAM } from "./fixtures/stand-ins";

// The admins' messaging page: how many residents follow each town (never who), the channels, the
// queue, and the switch that holds every outbound message.

test.describe("resident messaging, as an admin sees it", () => {
  test.use({ storageState: STORAGE_STATE.admin });

  test("counts subscribers per town and channel and names none", async ({ page, request }) => {
    const chat = 600_000_000 + Math.floor(Math.random() * 99_000_000);
    const update = { update_id: chat, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private" }, from: { id: chat, is_bot: false, first_name: "R", language_code: "en" }, text: "/subscribe Hirske" } };
    const answer = await request.post("/api/telegram/webhook", { headers: { "X-Telegram-Bot-Api-Secret-Token": TELEGRAM.webhookSecret }, data: update });
    expect(answer.status()).toBe(200);

    await page.goto("/en/coordinate");
    await page.getByRole("navigation").getByRole("link", { name: "Resident messages" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Messages to residents (Telegram and SMS)" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.locator("dl").first()).toBeVisible();
    const channels = page.getByRole("region", { name: "Channels" });
    await expect(channels.getByText("Telegram bot")).toBeVisible();
    const row = page.getByRole("table", { name: "Subscriptions by town" }).getByRole("row").filter({ hasText: "Hirske" }).filter({ hasText: "Telegram" });
    await expect(row).toHaveCount(1);
    expect(Number(await row.getByRole("cell").last().innerText())).toBeGreaterThanOrEqual(1);
    // Counts only: the resident's chat id is nowhere on the page.
    expect(await page.content()).not.toContain(String(chat));
  });

  test.describe("on a database of its own", () => {
    // Pausing holds every message: on the shared server it would hold other specs' notifications.
    let own: Instance;
    test.beforeAll(async () => {
      test.setTimeout(90_000);
      own = await startOwnInstance();
    });
    test.afterAll(async () => {
      await own?.stop();
    });

    test("pausing holds all outbound messages until resumed, and says since when and by whom", async ({ browser }) => {
      test.setTimeout(60_000);
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await signInAt(page, own.url, "admin@example.org");
      await page.goto(`${own.url}/en/admin/messaging`);
      await expect(page.getByText("Messages are being sent.")).toBeVisible();
      await page.getByRole("button", { name: "Pause all messages" }).click();
      await expect(page.getByRole("status")).toContainText("Sending is paused.");
      await expect(page.getByText(/Paused since .* \(admin@example\.org\)\./)).toBeVisible();
      await page.getByRole("button", { name: "Resume sending" }).click();
      await expect(page.getByRole("status")).toContainText("Sending has resumed.");
      await expect(page.getByText("Messages are being sent.")).toBeVisible();
      await context.close();
    });
  });
});
