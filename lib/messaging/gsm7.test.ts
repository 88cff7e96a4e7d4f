import { describe, expect, it } from "vitest";
import { toGsm7WherePossible } from "./gsm7";
import { smsSegments } from "./sms-segments";

describe("toGsm7WherePossible", () => {
  it("keeps an English message with a dash in a title in one GSM-7 SMS", () => {
    const text = "Lysychansk (Kyiv time): Bakhmut: Closed, conf. 14:05. Corridor “Lysychansk – Bakhmut evening” no longer holds… Reply STOP to end";
    expect(smsSegments(text)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    const plain = toGsm7WherePossible(text);
    expect(plain).toBe('Lysychansk (Kyiv time): Bakhmut: Closed, conf. 14:05. Corridor "Lysychansk - Bakhmut evening" no longer holds... Reply STOP to end');
    expect(smsSegments(plain)).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("replaces arrows, typographic apostrophes and non-breaking spaces", () => {
    expect(toGsm7WherePossible("Hirske → Bakhmut: it’s\u00a0open")).toBe("Hirske -> Bakhmut: it's open");
  });

  it("leaves Cyrillic text exactly as written: it is UCS-2 anyway", () => {
    const text = "Лисичанськ – Бахмут: «Закрито»";
    expect(toGsm7WherePossible(text)).toBe(text);
  });

  it("leaves text alone that is GSM-7 already, and text with other characters outside it", () => {
    expect(toGsm7WherePossible("Open, conf. 14:05")).toBe("Open, conf. 14:05");
    expect(toGsm7WherePossible("Closed – 🚧")).toBe("Closed – 🚧");
  });
});
