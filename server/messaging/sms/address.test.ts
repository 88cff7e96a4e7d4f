import { describe, expect, it } from "vitest";
import { smsAddressSchema } from "./address";

describe("an SMS address", () => {
  it.each([
    ["+380501234567", "+380501234567"],
    ["380501234567", "+380501234567"],
    ["15005550006", "+15005550006"],
    // Not a possible number anywhere: kept, with its "+".
    ["38050000001", "+38050000001"],
  ])("%s is %s", (raw, e164) => {
    expect(smsAddressSchema.parse(raw)).toBe(e164);
  });

  it.each(["", "+", "0501234567", "+380 50 123 4567", "+380501234567; drop", "not a number", "+1234567890123456"])("refuses %j", (raw) => {
    expect(smsAddressSchema.safeParse(raw).success).toBe(false);
  });
});
