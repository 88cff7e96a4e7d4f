import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { inboundSmsParams, signedSmsWebhook } from "@/tests/stand-ins/sign-sms-webhook";
import { smsGatewayCalls, TELEGRAM, telegramCalls } from "./fixtures/stand-ins";
import { createRouteByTyping, createTownByTyping, setStatus, townNames, uniqueSuffix } from "./fixtures/workspace";

// Telegram end to end: the production server talks to the local Bot API stand-in that
// e2e/server.ts starts (fixtures/stand-ins.ts). The stand-in is shared by every spec of the run,
// so each test uses channels and chat ids of its own and never resets it.

test.describe("linking an organisation's Telegram channel", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("a coordinator links a channel where the bot may post, is refused one where it may not, and unlinks", async ({ page }) => {
    const suffix = uniqueSuffix();
    await page.goto("/en/coordinate");
    await page.getByRole("navigation").getByRole("link", { name: "Telegram channels" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Telegram channels" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    const form = page.getByRole("form", { name: "Link a channel" });
    // The bot is no administrator there: refused beside the field, what was typed kept.
    await form.getByLabel("Channel", { exact: true }).fill(`https://t.me/member_e2e_${suffix}`);
    await form.getByRole("button", { name: "Link channel" }).click();
    await expect(page.getByText("The bot is not an administrator of this channel.")).toBeVisible();
    await expect(page.getByRole("form", { name: "Link a channel" }).getByLabel("Channel", { exact: true })).toHaveValue(`https://t.me/member_e2e_${suffix}`);
    await expect(page.getByLabel("Channel", { exact: true })).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Channel", { exact: true }).fill(`@admin_e2e_${suffix}`);
    await page.getByLabel("Language of the posts").selectOption({ label: "Russian" });
    await page.getByRole("button", { name: "Link channel" }).click();
    await expect(page.getByRole("status")).toContainText("Channel linked.");
    const item = page.getByRole("listitem").filter({ hasText: `Test admin_e2e_${suffix}` });
    await expect(item).toContainText("Language: Russian");
    // Telegram was asked whether the bot may post there, by the channel's name.
    const asked = await telegramCalls("getChatMember");
    expect(asked.length).toBeGreaterThan(0);

    await item.getByRole("button", { name: `Unlink Test admin_e2e_${suffix}` }).click();
    await expect(page.getByRole("status")).toContainText("Channel unlinked.");
    await expect(page.getByRole("listitem").filter({ hasText: `Test admin_e2e_${suffix}` })).toHaveCount(0);
  });
});

const SMS_TOKEN = process.env.SMS_AUTH_TOKEN ?? "e2e-sms-auth-token-0123456789";
const SMS_WEBHOOK = `${(process.env.AUTH_URL ?? `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`).replace(/\/+$/, "")}/api/sms/inbound`;

const chatId = () => 700_000_000 + Math.floor(Math.random() * 99_000_000);
const update = (id: number, text: string, language = "uk") => ({
  update_id: Math.floor(Math.random() * 1e9),
  message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id, type: "private", first_name: "R" }, from: { id, is_bot: false, first_name: "R", language_code: language }, text },
});
const sentTo = async (id: number) => (await telegramCalls("sendMessage")).filter((c) => String(c.params.chat_id) === String(id)).map((c) => String(c.params.text));

test.describe("a subscriber is told", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("a coordinator closes a route and the subscriber gets one message in their language within seconds", async ({ page, request }) => {
    const town = townNames("Tgsub");
    await createTownByTyping(page, town, { lat: "49.41000", lon: "36.91000" });
    const slug = await createRouteByTyping(page, town.nameEn, "Kharkiv", "49.41000, 36.91000\n49.99400, 36.23000");
    const id = chatId();
    const webhook = { headers: { "X-Telegram-Bot-Api-Secret-Token": TELEGRAM.webhookSecret } };
    expect((await request.post("/api/telegram/webhook", { ...webhook, data: update(id, `/subscribe ${town.slug}`, "uk") })).status()).toBe(200);
    await expect.poll(() => sentTo(id)).toHaveLength(1);
    expect((await sentTo(id))[0]).toContain(town.nameUk);
    // A second resident follows the same town by SMS, through the signed gateway webhook.
    const phone = `+38067${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    const sub = signedSmsWebhook(SMS_TOKEN, SMS_WEBHOOK, inboundSmsParams(phone, `SUB ${town.nameUk}`));
    expect((await request.post("/api/sms/inbound", { headers: sub.headers, data: sub.body })).status()).toBe(200);

    await page.goto(`/en/coordinate/routes/${slug}`);
    await setStatus(page, "Closed", "The bridge is down.");
    await expect.poll(() => sentTo(id), { timeout: 20_000 }).toHaveLength(2);
    const told = (await sentTo(id))[1]!;
    expect(told).toContain(town.nameUk);
    expect(told).toMatch(/Закрито|закрито/);
    const texted = async () => (await smsGatewayCalls()).filter((c) => c.to === phone && c.status < 300).map((c) => c.body);
    await expect.poll(texted, { timeout: 20_000 }).toHaveLength(1);
    expect((await texted())[0]).toMatch(new RegExp(`^${town.nameUk} \\(час Київ\\): .*Закрито`));
    // One message for one change: nothing more arrives on either channel.
    await page.waitForTimeout(3_000);
    expect(await sentTo(id)).toHaveLength(2);
    expect(await texted()).toHaveLength(1);
  });
});

test.describe("a resident asks the bot", () => {
  test("a town asked by Telegram is answered through the Bot API, in the resident's language", async ({ request }) => {
    const id = chatId();
    const response = await request.post("/api/telegram/webhook", { headers: { "X-Telegram-Bot-Api-Secret-Token": TELEGRAM.webhookSecret }, data: update(id, "Лисичанськ") });
    expect(response.status()).toBe(200);
    const mine = (await telegramCalls("sendMessage")).filter((c) => String(c.params.chat_id) === String(id));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(String(mine[0]!.params.text)).toContain("Лисичанськ");
    expect(String(mine[0]!.params.text)).toContain("/uk/lite/towns/lysychansk");
    expect(mine[0]!.params).not.toHaveProperty("parse_mode");

    const english = chatId();
    await request.post("/api/telegram/webhook", { headers: { "X-Telegram-Bot-Api-Secret-Token": TELEGRAM.webhookSecret }, data: update(english, "Lisichansk", "en") });
    const theirs = (await telegramCalls("sendMessage")).filter((c) => String(c.params.chat_id) === String(english));
    expect(String(theirs[0]!.params.text)).toContain("Lysychansk");
  });

  test("an update without the secret is refused and answered nothing", async ({ request }) => {
    const id = chatId();
    for (const headers of [{}, { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0123456789" }] as Record<string, string>[]) {
      const response = await request.post("/api/telegram/webhook", { headers, data: update(id, "Лисичанськ") });
      expect(response.status()).toBe(401);
    }
    expect((await telegramCalls("sendMessage")).filter((c) => String(c.params.chat_id) === String(id))).toEqual([]);
    expect((await request.get("/api/telegram/webhook")).status()).toBe(405);
  });
});

test.describe("a request for transport through the bot", () => {
  test("/evacuate asks one question at a time through the Bot API and ends with a reference code", async ({ request }) => {
    const id = chatId();
    const webhook = { headers: { "X-Telegram-Bot-Api-Secret-Token": TELEGRAM.webhookSecret } };
    // Typed answers: the town, the name, people, children, bedridden (4), no pets, no medical need,
    // no note, the address, no phone, a relative (2), and consent. The town is not Lysychansk:
    // resident-requests.spec counts Lysychansk's open requests while this may run beside it.
    const answers = ["/evacuate", "Рубіжне", "Галина", "1", "0", "4", "ні", "готово", "-", "вул. Тиха 7", "-", "2", "так"];
    for (const [i, text] of answers.entries()) {
      expect((await request.post("/api/telegram/webhook", { ...webhook, data: update(id, text) })).status()).toBe(200);
      // One answer per message, in order: the next question only after this one is answered.
      await expect.poll(async () => (await sentTo(id)).length, { timeout: 10_000 }).toBe(i + 1);
    }
    const said = await sentTo(id);
    expect(said[0]).toMatch(/З якого населеного пункту забрати\?/);
    expect(said.at(-2)).toMatch(/Ви згодні\?/);
    expect(said.at(-1)).toMatch(/^Запит зареєстровано\. Ваш код: [0-9A-Z]{4}-[0-9A-Z]{4}/);
  });
});
