import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateRouteStatus } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { smsSegments } from "@/lib/messaging/sms-segments";
import { REASON_MAX } from "@/lib/forms/limits";
import type { SessionUser } from "@/lib/session-user";
import { expectCutAtWord, REASONS } from "@/tests/reason-texts";
import { notificationText, TELEGRAM_REASON_MAX, townStatusReply } from "./replies";

// The coordinator's reason as residents read it from the bot, in each language: by Telegram whole
// or cut where a word ends with the link to the whole text; by SMS the reason codes only, never
// a piece of the free text, in at most two UCS-2 parts.

let t: TestDb;
let coordinator: SessionUser;
const LOCALES = ["uk", "ru", "en"] as const;
/** Each language's reason repeated to the form's limit: longer than a Telegram line keeps. */
const LONG = Object.fromEntries(LOCALES.map((l) => [l, `${REASONS[l]} `.repeat(8).slice(0, REASON_MAX).trim()])) as Record<(typeof LOCALES)[number], string>;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const { id } = await createUser(t.db, null, { email: "coordinator@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "coordinator@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await t?.drop();
});

async function closeWith(reason: Record<(typeof LOCALES)[number], string>) {
  const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
  await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: ["road_or_bridge_damaged"], reason, source: null });
  return route.id;
}

/** The line of a Telegram text that carries the reason (it starts with the reason codes). */
function reasonLine(text: string, locale: (typeof LOCALES)[number]): string {
  const line = text.split("\n").find((l) => l.includes(REASONS[locale].slice(0, 20)));
  expect(line, text).toBeDefined();
  return line!.trim();
}

describe("the reason in the bot's texts", () => {
  it.each(LOCALES)("%s by Telegram: a long reason is cut where a word ends, then the link to all of it", async (locale) => {
    const routeId = await closeWith(LONG);
    const now = new Date();
    const answer = (await townStatusReply(t.db, { slug: "lysychansk", locale, now, format: "telegram" }))!.text;
    const notification = (await notificationText(t.db, { topics: [{ kind: "route", id: routeId, townSlugs: ["lysychansk"] }], townSlugs: ["lysychansk"], locale, now, format: "telegram" }))!;
    for (const text of [answer, notification]) {
      const line = reasonLine(text, locale);
      const link = line.match(/ (https?:\/\/\S+#route-lysychansk-bakhmut)$/);
      expect(link, line).not.toBeNull();
      const cut = line.slice(0, line.length - link![0].length);
      expect([...cut].length).toBeLessThanOrEqual(TELEGRAM_REASON_MAX);
      expect([...cut].length).toBeGreaterThan(TELEGRAM_REASON_MAX - 40);
      // The codes come first ("Bridge destroyed. Shelling…"): the cut is the rest's own start.
      expectCutAtWord(cut.slice(cut.indexOf(REASONS[locale].slice(0, 20))), LONG[locale]);
    }
  });

  it.each(LOCALES)("%s by Telegram: a reason that fits is given whole, without the link", async (locale) => {
    await closeWith(REASONS);
    const answer = (await townStatusReply(t.db, { slug: "lysychansk", locale, now: new Date(), format: "telegram" }))!.text;
    const line = reasonLine(answer, locale);
    expect(line.endsWith(REASONS[locale])).toBe(true);
    expect(line).not.toMatch(/…|#route-/);
  });

  it.each(LOCALES)("%s by SMS: the reason codes in the reader's language, no piece of the free text, in two parts at most", async (locale) => {
    const routeId = await closeWith(LONG);
    const now = new Date();
    const answer = (await townStatusReply(t.db, { slug: "lysychansk", locale, now, format: "sms" }))!.text;
    const notification = (await notificationText(t.db, { topics: [{ kind: "route", id: routeId, townSlugs: ["lysychansk"] }], townSlugs: ["lysychansk"], locale, now, format: "sms" }))!;
    const bridge = { uk: /Дорогу або міст/, ru: /Дорога или мост/, en: /Road or bridge/ }[locale];
    for (const text of [answer, notification]) {
      expect(text).toMatch(bridge);
      expect(text).not.toContain(REASONS[locale].slice(0, 12));
      expect(text).not.toContain("…");
      expect(smsSegments(text).segments).toBeLessThanOrEqual(2);
    }
  });
});
