import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { noticeFormSchema } from "./schemas";

const notice = (over: Record<string, unknown> = {}) => ({
  target: "oblast:11111111-1111-4111-8111-111111111111",
  severity: "danger",
  textUk: "",
  textRu: "",
  textEn: "",
  expiresAt: "",
  ...over,
});
const errors = (input: unknown) => {
  const parsed = noticeFormSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("area notice form", () => {
  it("takes the text in any one language, not only Ukrainian", () => {
    expect(noticeFormSchema.parse(notice({ textEn: "No safe places left in the oblast." }))).toMatchObject({ textUk: "", textRu: "", textEn: "No safe places left in the oblast." });
    expect(noticeFormSchema.parse(notice({ textRu: "Безопасных мест не осталось." })).textRu).toBe("Безопасных мест не осталось.");
  });

  it("refuses a notice with no text in any language, for the whole text", () => {
    expect(errors(notice({ textUk: "  " }))).toEqual({ text: { code: "oneLanguageRequired", values: {} } });
  });

  it("refuses a text over 1,000 characters beside its language", () => {
    expect(errors(notice({ textUk: "Так", textEn: "x".repeat(1001) }))).toEqual({ textEn: { code: "tooLong", values: { max: 1000 } } });
  });
});
