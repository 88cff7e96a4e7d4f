import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import type { RouteStatus } from "@/lib/enum-values";
import { smsSegments } from "./messaging/sms-segments";
import { routeSmsSummary, SMS_MAX_LENGTH, SMS_REASON_SEGMENTS, type RouteSmsFacts } from "./route-sms";
import { expectCutAtWord, REASONS } from "@/tests/reason-texts";

const MESSAGES = { en, uk, ru } as const;
const NOW = new Date("2022-04-05T09:00:00Z"); // 12:00 in Kyiv (UTC+03:00)
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function summary(locale: keyof typeof MESSAGES, facts: Partial<RouteSmsFacts> = {}) {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "sms" });
  const ts = createTranslator({ locale, messages: MESSAGES[locale], namespace: "status" });
  return routeSmsSummary(
    {
      origin: "Lysychansk",
      destination: "Bakhmut",
      status: "caution",
      reason: "Shelling near the road at Siversk.",
      statusConfirmedAt: minutesAgo(20),
      freshnessWindowHours: 6,
      windows: [],
      ...facts,
    },
    { now: NOW, locale, t: (k, v) => t(k, v), statusWord: (s: RouteStatus | "unconfirmed") => ts(s) },
  );
}

const LONG = "Сєвєродонецьк-Лисичанськ-Рубіжне-Кремінна-Попасна-Гірське-Золоте-Тошківка";
const LONG_REASON = "Обстріл траси біля Сіверська, міст зруйновано, об'їзд через польові дороги небезпечний, є повідомлення про міни на узбіччях. ".repeat(3);

describe("route SMS summary", () => {
  it("says the destination, status, confirmation time and reason", () => {
    expect(summary("en")).toBe("Lysychansk → Bakhmut: Caution, confirmed 11:40 Kyiv time. Shelling near the road at Siversk.");
  });

  it("says when an incident nearby is under review, as the page does, within 160 characters", () => {
    for (const locale of ["en", "uk", "ru"] as const) {
      const text = summary(locale, { flaggedForReview: true, reason: LONG_REASON });
      expect(text).toContain("⚑");
      expect([...text].length).toBeLessThanOrEqual(160);
    }
  });

  it("gives the number for those who cannot walk, whole or not at all, in each language", () => {
    expect(summary("uk", { assemblyPointCall: "+380 50 123 45 67" })).toMatch(/Не можете дійти: \+380 50 123 45 67\.$/);
    expect(summary("en", { assemblyPointCall: "+380 50 123 45 67" })).toMatch(/Cannot walk: call \+380 50 123 45 67\.$/);
    const long = summary("uk", { origin: LONG, destination: LONG, assemblyPointCall: "+380 50 123 45 67" });
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long).not.toMatch(/\+380 50/);
  });

  it("says where to gather and when, in the reader's language, whole or not at all", () => {
    const assemblyPoint = { uk: "Школа № 3", ru: "Школа № 3", en: "School No. 3" };
    expect(summary("en", { reason: "", assemblyPoint, assemblyPointOpens: "08:00", assemblyPointCloses: "20:00" })).toMatch(/ Gather: School No\. 3, 08:00–20:00\.$/);
    expect(summary("uk", { reason: "", assemblyPoint })).toMatch(/ Збір: Школа № 3\.$/);
    expect(summary("ru", { reason: "", assemblyPoint: { uk: "Школа № 3", ru: "", en: "" } })).toMatch(/ Сбор: Школа № 3\.$/);
    // After the number: a place that no longer fits is left out, never cut.
    const full = summary("uk", { reason: "", assemblyPointCall: "+380 50 123 45 67", assemblyPoint: { uk: "Палац культури, проспект Перемоги 112, головний вхід з боку парку".repeat(2), ru: "", en: "" } });
    expect(full.length).toBeLessThanOrEqual(160);
    expect(full).toMatch(/\+380 50 123 45 67\.$/);
    expect(full).not.toMatch(/Збір/);
    expect(summary("en", { reason: "", assemblyPoint: { uk: "", ru: "", en: "" } })).not.toMatch(/Gather/);
  });

  it("says where to gather only while people are told to go or get ready, never on a closed or unconfirmed route", () => {
    const assemblyPoint = { uk: "Школа № 3", ru: "Школа № 3", en: "School No. 3" };
    expect(summary("en", { reason: "", assemblyPoint, status: "open" })).toMatch(/ Gather: School No\. 3\.$/);
    expect(summary("en", { reason: "", assemblyPoint, status: "closed" })).not.toMatch(/Gather/);
    expect(summary("uk", { reason: "", assemblyPoint, status: "closed" })).not.toMatch(/Збір/);
    // Too old to repeat: the status reads as unconfirmed, and nobody is sent out on it.
    expect(summary("en", { reason: "", assemblyPoint, status: "open", statusConfirmedAt: minutesAgo(7 * 60) })).not.toMatch(/Gather/);
    // The number for those who cannot walk stays: asking for transport is never wrong.
    expect(summary("en", { reason: "", assemblyPoint, status: "closed", assemblyPointCall: "+380 50 123 45 67" })).toMatch(/Cannot walk: call \+380 50 123 45 67\.$/);
  });

  it("adds the active or next corridor window, in one sentence with the status", () => {
    const active = summary("en", { status: "open", windows: [{ windowStart: minutesAgo(60), windowEnd: new Date("2022-04-05T19:00:00Z") }] });
    expect(active).toContain("Corridor open until 22:00.");
    const next = summary("uk", { status: "open", windows: [{ windowStart: new Date("2022-04-06T07:00:00Z"), windowEnd: new Date("2022-04-06T15:00:00Z") }] });
    expect(next).toContain("Коридор погоджено: завтра 10:00–18:00.");
  });

  it("never says open about a closed route under an open window", () => {
    const text = summary("en", { status: "closed", windows: [{ windowStart: minutesAgo(60), windowEnd: new Date("2022-04-05T19:00:00Z") }] });
    expect(text).toContain("Closed, confirmed 11:40 Kyiv time. Corridor agreed today 11:00–22:00, but the route is closed.");
    expect(text).not.toMatch(/open/i);
  });

  it("never repeats an old open, nor its reason", () => {
    const text = summary("en", { status: "open", reason: "Road clear", statusConfirmedAt: minutesAgo(7 * 60) });
    expect(text).toBe("Lysychansk → Bakhmut: Unconfirmed, last confirmed 05:00 Kyiv time.");
    expect(text).not.toMatch(/Open|Road clear/);
  });

  it("keeps an old warning beside Unconfirmed", () => {
    expect(summary("ru", { status: "closed", statusConfirmedAt: minutesAgo(8 * 60) })).toMatch(/^Lysychansk → Bakhmut: Не подтверждено \(Закрыт/);
  });

  it.each(["en", "uk", "ru"] as const)("fits %s in 160 characters even with long names, reason and a window", (locale) => {
    const text = summary(locale, {
      origin: LONG,
      destination: LONG,
      reason: LONG_REASON,
      windows: [{ windowStart: new Date("2022-04-06T07:00:00Z"), windowEnd: new Date("2022-04-07T15:00:00Z") }],
    });
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    // The facts that matter survive the shortening.
    expect(text).toMatch(/11:40/);
    expect(text).toMatch(/10:00/);
  });

  it.each(["en", "uk", "ru"] as const)("%s: a long reason is shortened, not the status", (locale) => {
    const text = summary(locale, { reason: LONG_REASON });
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(text).toContain("Lysychansk → Bakhmut");
    expect(text.endsWith("…")).toBe(true);
  });

  it.each(["en", "uk", "ru"] as const)("%s: a long reason is cut where a word ends, within two UCS-2 parts", (locale) => {
    const whole = REASONS[locale];
    const text = summary(locale, { reason: whole });
    const start = text.indexOf(whole.slice(0, 12));
    expect(start).toBeGreaterThan(0);
    expectCutAtWord(text.slice(start), whole);
    // The arrow (and Cyrillic) make the text UCS-2: two parts are 134 characters, not 160.
    expect(smsSegments(text)).toMatchObject({ encoding: "UCS-2", segments: SMS_REASON_SEGMENTS });
    expect([...text].length).toBeLessThanOrEqual(134);
  });

  it("keeps a short reason whole, and drops one that would be cut to a word or two", () => {
    expect(summary("uk", { reason: "Міст зруйновано." })).toMatch(/ Міст зруйновано\.$/);
    // Longer and longer names leave less room: the reason is cut at a word while some words fit, then left out.
    const outcomes = new Set<string>();
    for (let n = 10; n <= LONG.length; n += 1) {
      const text = summary("uk", { origin: LONG.slice(0, n), destination: "Бахмут", reason: REASONS.uk });
      const start = text.indexOf("Обстріл");
      expect(smsSegments(text).segments).toBeLessThanOrEqual(SMS_REASON_SEGMENTS);
      if (start < 0) {
        outcomes.add("dropped");
        continue;
      }
      expectCutAtWord(text.slice(start), REASONS.uk);
      expect([...text.slice(start)].length).toBeGreaterThanOrEqual(16);
      outcomes.add("cut");
    }
    expect([...outcomes].sort()).toEqual(["cut", "dropped"]);
  });
});
