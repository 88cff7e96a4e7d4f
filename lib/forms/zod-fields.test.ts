import { describe, expect, it } from "vitest";
import { fieldErrorsOf, kyivDateTime, optionalKyivDateTime } from "./zod-fields";

const codeOf = (value: string) => {
  const parsed = kyivDateTime().safeParse(value);
  return parsed.success ? null : fieldErrorsOf(parsed.error).form?.code;
};

describe("kyivDateTime: a datetime-local value read as Kyiv wall-clock time", () => {
  it("uses the offset of that date on both sides of the spring change (27 March 2022)", () => {
    expect(kyivDateTime().parse("2022-03-26T10:00").toISOString()).toBe("2022-03-26T08:00:00.000Z");
    expect(kyivDateTime().parse("2022-03-27T10:00").toISOString()).toBe("2022-03-27T07:00:00.000Z");
  });

  it("refuses a time the clocks skipped instead of shifting it an hour", () => {
    expect(codeOf("2022-03-27T03:30")).toBe("nonexistentLocalTime");
    expect(kyivDateTime().parse("2022-03-27T04:00").toISOString()).toBe("2022-03-27T01:00:00.000Z");
  });

  it("reads a time that happened twice (30 October 2022, 03:30) as the second one, +02:00", () => {
    expect(kyivDateTime().parse("2022-10-30T03:30").toISOString()).toBe("2022-10-30T01:30:00.000Z");
  });

  it("refuses malformed and impossible dates, and treats blank as required or none", () => {
    expect(codeOf("2022-02-30T10:00")).toBe("invalidDateTime");
    expect(codeOf("18.04.2022 10:00")).toBe("invalidDateTime");
    expect(codeOf("")).toBe("required");
    expect(optionalKyivDateTime().parse("")).toBeNull();
  });
});
