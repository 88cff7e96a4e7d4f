import { describe, expect, it } from "vitest";
import { fitsOneSms, smsSegments } from "./sms-segments";

describe("smsSegments", () => {
  it("counts GSM-7: 160 characters in one message, 153 per part after that", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(smsSegments("a".repeat(161)).segments).toBe(2);
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts GSM-7 extension characters twice", () => {
    expect(smsSegments("€".repeat(80)).segments).toBe(1);
    expect(smsSegments("€".repeat(81)).segments).toBe(2);
  });

  it("switches to UCS-2 for Cyrillic: 70 characters in one message, 67 per part", () => {
    expect(smsSegments("ї".repeat(70))).toEqual({ encoding: "UCS-2", segments: 1, characters: 70 });
    expect(smsSegments("ї".repeat(71)).segments).toBe(2);
    expect(smsSegments("ї".repeat(134)).segments).toBe(2);
    expect(smsSegments("ї".repeat(135)).segments).toBe(3);
    // One Cyrillic letter in Latin text makes the whole message UCS-2.
    expect(smsSegments("a".repeat(69) + "ы")).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(smsSegments("a".repeat(70) + "ы")).toMatchObject({ encoding: "UCS-2", segments: 2 });
  });

  it("fitsOneSms", () => {
    expect(fitsOneSms("Лисичанськ → Бахмут: Закрито")).toBe(true);
    expect(fitsOneSms("Лисичанськ → Бахмут: Закрито. ".repeat(3))).toBe(false);
  });
});
