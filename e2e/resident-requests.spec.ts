import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type APIRequestContext, type Page } from "@playwright/test";
import type en from "../messages/en.json";
import { seriousViolations } from "./fixtures/axe";
import { uniqueSuffix } from "./fixtures/workspace";

// A resident asks for transport on the plain form, in each language, on a 360 px phone, with and
// without JavaScript: a wrong field is refused beside it with nothing stored, a right form gives
// the reference code, the town's count moves, and nothing the resident typed appears on any public
// page, API answer or feed. Then the code withdraws the request.

// The labels as the pages word them (Playwright's loader takes no JSON imports).
const messagesOf = (locale: string) => JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8")) as typeof en;
const MESSAGES = { uk: messagesOf("uk"), ru: messagesOf("ru"), en: messagesOf("en") };
type Locale = keyof typeof MESSAGES;

/** Words the messages file might get wrong: written out here, so a wrong language fails the test. */
const EXPECTED = {
  uk: { invalidPhone: "Введіть номер телефону", consent: "Позначте «Я погоджуюся»", sent: "Вашу заявку надіслано" },
  ru: { invalidPhone: "Введите номер телефона", consent: "Отметьте «Я согласен»", sent: "Ваша заявка отправлена" },
  en: { invalidPhone: "Enter a phone number", consent: "Tick “I agree”", sent: "Your request has been sent" },
} as const;

const PHONE = { width: 360, height: 740 };
const LYSYCHANSK = { uk: "Лисичанськ", ru: "Лисичанск", en: "Lysychansk" } as const;

/**
 * Serious axe violations of the page as the browser has it, checked in a page that runs scripts
 * (axe is one), at 360 px, when `axe`; and its overflow, always.
 */
async function checkPage(browser: Browser, page: Page, axe: boolean): Promise<{ violations: string[]; overflow: number }> {
  const html = await page.content();
  const context = await browser.newContext({ viewport: PHONE });
  const checker = await context.newPage();
  await checker.setContent(html);
  const violations = axe ? await seriousViolations(checker) : [];
  const overflow = await checker.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await context.close();
  return { violations, overflow };
}

/** Every public answer a resident, a partner or a feed reader gets, for the town and in the language. */
async function publicAnswers(request: APIRequestContext, locale: Locale): Promise<string> {
  const addresses = [
    `/${locale}`,
    `/${locale}/towns/lysychansk`,
    `/${locale}/routes/lysychansk-bakhmut`,
    `/${locale}/lite`,
    `/${locale}/lite/towns/lysychansk`,
    "/lite",
    "/api/v1/towns",
    "/api/v1/routes",
    "/api/v1/routes.geojson",
    "/api/v1/incidents.geojson",
    "/api/v1/openapi.json",
    "/feeds/status.atom",
    "/feeds/cap.atom",
  ];
  const bodies: string[] = [];
  for (const address of addresses) {
    const response = await request.get(address);
    expect(response.status(), address).toBe(200);
    bodies.push(await response.text());
  }
  return bodies.join("\n");
}

async function waitingOnLitePage(request: APIRequestContext, locale: Locale): Promise<number> {
  const body = await (await request.get(`/${locale}/lite/towns/lysychansk`)).text();
  return Number(/data-transport-requests="(\d+)"/.exec(body)![1]);
}

for (const locale of ["uk", "ru", "en"] as const) {
  // Russian with scripts on, the others with none: the form is plain HTML either way.
  const js = locale === "ru";
  // axe in Ukrainian (without scripts) and Russian (with them): English without scripts is the
  // Ukrainian markup in other words, and what axe checks (names, roles, labels, contrast) comes
  // from the markup. Its width is still measured: longer words change the layout.
  const axe = locale !== "en";
  test(`a resident asks for transport in ${locale} from the lite page on a 360 px phone, ${js ? "with" : "without"} JavaScript, and withdraws it`, async ({ browser }) => {
    test.setTimeout(120_000);
    const t = MESSAGES[locale].askTransport;
    const tr = MESSAGES[locale].requests;
    const suffix = uniqueSuffix();
    const name = `Halyna Web ${suffix}`;
    const address = `Tykha ${suffix}, entrance 2`;
    const note = `oxygen-${suffix}`;
    const local = `${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: js });
    const page = await context.newPage();
    const before = await waitingOnLitePage(page.request, locale);

    await page.goto(`/${locale}/lite/towns/lysychansk`);
    await page.getByRole("link", { name: t.linkText }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/transport\\?town=lysychansk$`));
    // The town comes with the link: shown fixed, not chosen from a list of every town.
    await expect(page.locator("#f-town")).toContainText(LYSYCHANSK[locale]);
    await expect(page.locator('input[type="hidden"][name="town"]')).toHaveValue("lysychansk");
    await expect(page.locator("summary", { hasText: t.changeTown })).toBeVisible();
    await expect(page.locator("select#f-town")).toHaveCount(0);
    expect(await checkPage(browser, page, axe)).toEqual({ violations: [], overflow: 0 });

    // A phone that is no number, and no consent: refused beside each field, what was typed kept.
    await page.getByLabel(t.requester_relative).check();
    await page.getByLabel(t.peopleCount).fill("1");
    await page.getByLabel(tr.mobility_bedridden).check();
    await page.getByLabel(tr.medical_oxygen).check();
    await page.getByLabel(t.medicalNote).fill(note);
    await page.getByLabel(t.name).fill(name);
    await page.getByLabel(t.address).fill(address);
    await page.getByLabel(t.phone, { exact: true }).fill("дзвоніть сусідці");
    await page.getByRole("button", { name: t.submit }).click();
    await expect(page.getByRole("alert")).toContainText(t.errorSummary);
    await expect(page.locator("#f-phone-e")).toContainText(EXPECTED[locale].invalidPhone);
    await expect(page.locator("#f-consent-e")).toContainText(EXPECTED[locale].consent);
    await expect(page.getByLabel(t.phone, { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(t.address)).toHaveValue(address);
    await expect(page.getByLabel(tr.mobility_bedridden)).toBeChecked();
    await expect(page.getByLabel(tr.medical_oxygen)).toBeChecked();
    expect(await checkPage(browser, page, axe)).toEqual({ violations: [], overflow: 0 });
    expect(await waitingOnLitePage(page.request, locale)).toBe(before);

    await page.getByLabel(t.phone, { exact: true }).fill(`050${local}`);
    await page.getByLabel(t.consentGiven).check();
    await page.getByRole("button", { name: t.submit }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(EXPECTED[locale].sent);
    const code = (await page.getByTestId("reference-code").textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await checkPage(browser, page, axe)).toEqual({ violations: [], overflow: 0 });

    // The town's count moved, on the lite and the full page; nothing of her is anywhere public.
    expect(await waitingOnLitePage(page.request, locale)).toBe(before + 1);
    const answers = await publicAnswers(page.request, locale);
    expect(answers).toContain(`data-transport-requests="${before + 1}"`);
    for (const secret of [name, address, note, local, code]) expect(answers, secret).not.toContain(secret);

    // The code withdraws it, typed as someone reads it from a note.
    await page.getByRole("link", { name: t.withdrawLink }).click();
    await page.getByLabel(t.code).fill(code.toLowerCase().replace("-", " "));
    await page.getByRole("button", { name: t.withdrawSubmit }).click();
    await expect(page.getByRole("status")).toContainText(code);
    expect(await checkPage(browser, page, axe)).toEqual({ violations: [], overflow: 0 });
    expect(await waitingOnLitePage(page.request, locale)).toBe(before);
    await context.close();
  });
}

test("changing the town keeps what was typed; a name several towns begin with offers them, keeping it all", async ({ browser }) => {
  test.slow(); // two accessibility checks, three posts and a withdrawal
  const t = MESSAGES.en.askTransport;
  const tr = MESSAGES.en.requests;
  const address = `Sadova ${uniqueSuffix()}, house 3`;
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/en/transport?town=lysychansk");
  await expect(page.locator("select")).toHaveCount(1); // the language, never the towns

  // The resident fills the form first, then sees the town is wrong: changing it loses nothing.
  await page.getByLabel(tr.mobility_wheelchair).check();
  await page.getByLabel(t.address).fill(address);
  await page.getByLabel(t.phone, { exact: true }).fill(`050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`);
  await page.getByLabel(t.consentGiven).check();
  await page.locator("summary", { hasText: t.changeTown }).click();
  await page.getByLabel(t.townChange).fill("Kr");
  expect(await checkPage(browser, page, true)).toEqual({ violations: [], overflow: 0 });
  await page.getByRole("button", { name: t.submit }).click();
  // Kramatorsk and Kreminna both begin so: offered, nothing sent, everything else kept.
  await expect(page.getByRole("alert")).toContainText(t.errorSummary);
  await expect(page.locator("#f-town-e")).toContainText(t.errors.chooseTown);
  await expect(page.getByRole("radio", { name: /Kramatorsk/ })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Kreminna/ })).toBeVisible();
  await expect(page.getByLabel(t.address)).toHaveValue(address);
  await expect(page.getByLabel(tr.mobility_wheelchair)).toBeChecked();
  await expect(page.getByLabel(t.consentGiven)).toBeChecked();
  expect(await checkPage(browser, page, true)).toEqual({ violations: [], overflow: 0 });

  await page.getByRole("radio", { name: /Kramatorsk/ }).check();
  await page.getByRole("button", { name: t.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(EXPECTED.en.sent);
  const code = (await page.getByTestId("reference-code").textContent())!.trim();
  await expect(page.getByRole("link", { name: t.backToTown })).toHaveAttribute("href", /\/lite\/towns\/kramatorsk$/);
  // Withdrawn again, so that no other test finds it waiting in Kramatorsk.
  await page.getByRole("link", { name: t.withdrawLink }).click();
  await page.getByLabel(t.code).fill(code);
  await page.getByRole("button", { name: t.withdrawSubmit }).click();
  await expect(page.getByRole("status")).toContainText(code);
  await context.close();
});

test("nothing the form answers is stored by a cache, and a post from another site is refused", async ({ request }) => {
  const form = await request.get("/en/transport?town=lysychansk");
  expect(form.headers()["cache-control"]).toBe("no-store");
  expect(form.headers()["x-corridor-cache"]).toBeUndefined();
  expect(form.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(form.headers()["referrer-policy"]).toBe("no-referrer");
  expect(await form.text()).not.toMatch(/<script/i);
  const refused = await request.post("/en/transport", { form: { town: "lysychansk" }, headers: { "Sec-Fetch-Site": "cross-site" } });
  expect(refused.status()).toBe(403);
  const bad = await request.post("/en/transport", { form: { town: "lysychansk", phone: "", address: "x" } });
  expect(bad.status()).toBe(422);
  expect(bad.headers()["cache-control"]).toBe("no-store");
  // The GET after a post is the empty form again: no post's answer was kept for the address.
  expect(await (await request.get("/en/transport")).text()).not.toContain(">x</textarea>");
});
