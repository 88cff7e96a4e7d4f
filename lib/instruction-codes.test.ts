import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { INSTRUCTION_CODES, isTimedInstruction, sortedInstructions } from "./instruction-codes";
import { asStatusInstructions, statusInstructionsSchema } from "./instruction-schema";
import { instructionLabels } from "./instruction-text";
import { routeReport, statusEventInstruction } from "./route-report";
import { reportInstructionText } from "./route-report-text";
import { formatPlaceDateTime, formatPlaceDayTime } from "./time";

const HOUR = 3_600_000;
const now = new Date("2022-04-08T09:00:00Z"); // 12:00 in Kyiv (UTC+03:00)
const assembly = new Date("2022-04-09T06:00:00Z"); // tomorrow 09:00 in Kyiv
const plainTime = (at: Date) => at.toISOString();

const route = (instructions: { code: (typeof INSTRUCTION_CODES)[number]; at?: string }[], confirmedHoursAgo = 1) => ({
  status: "closed" as const,
  statusConfirmedAt: new Date(now.getTime() - confirmedHoursAgo * HOUR),
  freshnessWindowHours: 6,
  statusReasonCodes: ["shelling_or_air_strikes" as const],
  flaggedForReview: false,
  windows: [],
  statusInstructions: instructions,
});

describe("instruction codes", () => {
  it("are worded in each language, long and short, differently per language", () => {
    for (const code of INSTRUCTION_CODES) {
      const item = isTimedInstruction(code) ? { code, at: assembly.toISOString() } : { code };
      const words = (["uk", "ru", "en"] as const).map((l) => instructionLabels([item], l, () => "T"));
      expect(new Set(words).size, code).toBe(3);
      for (const l of ["uk", "ru", "en"] as const) expect(instructionLabels([item], l, () => "T", { short: true }), `${code} ${l}`).not.toBe("");
      if (isTimedInstruction(code)) for (const w of words) expect(w, code).toContain("T");
    }
    // The messages hold every code in every namespace (the key check covers placeholders too).
    for (const messages of [uk, ru, en]) {
      expect(Object.keys(messages.instructionCode).sort()).toEqual([...INSTRUCTION_CODES].sort());
      expect(Object.keys(messages.instructionCodeSms).sort()).toEqual([...INSTRUCTION_CODES].sort());
    }
  });

  it("reads a Ukrainian reader's instruction in Ukrainian, whatever language the coordinator's form was in", () => {
    expect(instructionLabels([{ code: "do_not_travel" }], "uk", plainTime)).toBe("Не вирушайте в дорогу.");
    expect(instructionLabels([{ code: "do_not_travel" }], "ru", plainTime)).toBe("Не отправляйтесь в путь.");
    expect(instructionLabels([{ code: "do_not_travel" }], "en", plainTime)).toBe("Do not travel.");
  });

  it("are said in the list's order, each once", () => {
    const items = sortedInstructions([{ code: "follow_official_channel" }, { code: "do_not_travel" }, { code: "follow_official_channel" }]);
    expect(items.map((i) => i.code)).toEqual(["do_not_travel", "follow_official_channel"]);
  });

  it("refuse a timed code without its time, a time on an untimed code, and unknown codes", () => {
    expect(statusInstructionsSchema.safeParse([{ code: "go_to_assembly_point" }]).success).toBe(false);
    expect(statusInstructionsSchema.safeParse([{ code: "do_not_travel", at: assembly.toISOString() }]).success).toBe(false);
    expect(statusInstructionsSchema.safeParse([{ code: "run" }]).success).toBe(false);
    expect(statusInstructionsSchema.safeParse([{ code: "checkpoint_closes", at: "2022-04-09T09:00:00+03:00" }]).success).toBe(true);
    // Unreadable stored values are no instruction, so the derived one shows rather than a guess.
    expect(asStatusInstructions("do_not_travel")).toEqual([]);
  });
});

describe("the report's instruction", () => {
  it("is the chosen codes, in the reader's language, instead of the one the state implies", () => {
    const report = routeReport(route([{ code: "shelter_in_place" }, { code: "go_to_assembly_point", at: assembly.toISOString() }]), now);
    expect(report.instruction).toBe("doNotUse");
    expect(report.instructions.map((i) => i.code)).toEqual(["shelter_in_place", "go_to_assembly_point"]);
    expect(reportInstructionText(report, now, "uk")).toBe("Залишайтеся в укритті там, де ви є. Прийдіть до пункту збору: завтра 09:00.");
    expect(reportInstructionText(report, now, "en")).toBe("Stay in a shelter where you are. Go to the assembly point: tomorrow 09:00.");
    expect(reportInstructionText(report, now, "ru", { short: true })).toBe("в укрытие; пункт сбора завтра 09:00");
  });

  it("falls back to the derived instruction when none is chosen", () => {
    const report = routeReport(route([]), now);
    expect(report.instructions).toEqual([]);
    expect(reportInstructionText(report, now, "en")).toBe("Do not use this route.");
  });

  it("is not repeated once the status is stale: an old 'go to the assembly point' could send people into danger", () => {
    const report = routeReport(route([{ code: "go_to_assembly_point", at: assembly.toISOString() }], 7), now);
    expect(report.instructions).toEqual([]);
    expect(reportInstructionText(report, now, "en")).toBe("Check again before you set out.");
  });

  it("for a status event (CAP): chosen codes, else the status's own", () => {
    expect(statusEventInstruction("closed", [])).toEqual({ chosen: [], derived: "doNotUse" });
    expect(statusEventInstruction("open", [{ code: "walking_only" }]).chosen).toEqual([{ code: "walking_only" }]);
  });
});

describe("times without the offset repeated", () => {
  it("a page's times leave the offset to its one 'Kyiv time (UTC+03:00)' line", () => {
    expect(formatPlaceDayTime(assembly, "en")).not.toContain("UTC");
    expect(formatPlaceDateTime(assembly, "en")).toBe(`${formatPlaceDayTime(assembly, "en")} (UTC+03:00)`);
  });
});
