import { describe, expect, it } from "vitest";
import type { SearchableTown } from "@/lib/town-search";
import { answerDialogue, startDialogue, startSmsDialogue, type DialogueOutcome, type DialogueState } from "./evacuation-dialogue";

const TOWNS: SearchableTown[] = [
  { slug: "lysychansk", nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk", aliases: ["Lisichansk"] },
  { slug: "sievierodonetsk", nameUk: "Сєвєродонецьк", nameRu: "Северодонецк", nameEn: "Sievierodonetsk", aliases: [] },
  { slug: "hirske", nameUk: "Гірське", nameRu: "Горское", nameEn: "Hirske", aliases: [] },
];

function asked(outcome: DialogueOutcome): DialogueState & { problem?: string; question: string; commands: string[] } {
  if (outcome.kind !== "ask") throw new Error(`expected a question, got ${outcome.kind}`);
  return { ...outcome.state, problem: outcome.prompt.problem?.key, question: outcome.prompt.question.key, commands: outcome.prompt.choices.map((c) => c.command) };
}

/** Answers in turn from a state; returns the last outcome. */
function run(state: DialogueState, answers: string[]): DialogueOutcome {
  let outcome: DialogueOutcome = { kind: "ask", state, prompt: { question: { key: "" }, choices: [] } };
  for (const answer of answers) {
    if (outcome.kind !== "ask") throw new Error(`ended before "${answer}"`);
    outcome = answerDialogue(outcome.state, answer, TOWNS, "uk");
  }
  return outcome;
}

describe("the /evacuate questions", () => {
  it("asks each question in turn, with buttons or typed answers, and ends with the whole request", () => {
    const first = asked(startDialogue("", TOWNS));
    expect(first.question).toBe("askTown");
    const outcome = run(first, ["Лисичанськ", "Галина", "ev:2", "0", "ev:bedridden", "ev:no", "ev:oxygen", "ev:insulin", "ev:done", "Концентратор кисню", "вул. Миру 12, кв 5", "050 123 45 67", "ev:relative", "ev:yes"]);
    expect(outcome).toEqual({
      kind: "complete",
      draft: {
        townSlug: "lysychansk",
        name: "Галина",
        peopleCount: 2,
        childrenCount: 0,
        mobility: "bedridden",
        pets: false,
        medicalNeeds: ["oxygen", "insulin"],
        medicalNote: "Концентратор кисню",
        address: "вул. Миру 12, кв 5",
        phone: "+380501234567",
        requesterKind: "relative",
      },
    });
  });

  it("takes the town given with the command, and typed numbers for the closed lists", () => {
    const start = asked(startDialogue("Lisichansk", TOWNS));
    expect(start).toMatchObject({ step: "name", draft: { townSlug: "lysychansk" } });
    const outcome = run(start, ["-", "1", "0", "4", "так", "1 3", "-", "під'їзд 2, поверх 5", "-", "1", "так"]);
    expect(outcome).toMatchObject({ kind: "complete", draft: { name: "", mobility: "bedridden", pets: true, medicalNeeds: ["oxygen", "insulin"], phone: "", requesterKind: "self" } });
  });

  it("repeats a question with what was wrong, and changes nothing", () => {
    const atPeople: DialogueState = { step: "people", draft: { townSlug: "lysychansk", medicalNeeds: [] } };
    expect(asked(answerDialogue(atPeople, "many", TOWNS))).toMatchObject({ step: "people", problem: "peopleInvalid", draft: atPeople.draft });
    expect(asked(answerDialogue(atPeople, "51", TOWNS))).toMatchObject({ step: "people", problem: "peopleInvalid" });
    const atChildren: DialogueState = { step: "children", draft: { ...atPeople.draft, peopleCount: 2 } };
    expect(asked(answerDialogue(atChildren, "3", TOWNS))).toMatchObject({ step: "children", problem: "childrenInvalid" });
    const atPhone: DialogueState = { step: "phone", draft: atPeople.draft };
    expect(asked(answerDialogue(atPhone, "call me", TOWNS))).toMatchObject({ step: "phone", problem: "phoneInvalid" });
    const atAddress: DialogueState = { step: "address", draft: atPeople.draft };
    expect(asked(answerDialogue(atAddress, "-", TOWNS))).toMatchObject({ step: "address", problem: "addressRequired" });
    expect(asked(answerDialogue(atAddress, "x".repeat(2001), TOWNS))).toMatchObject({ step: "address", problem: "tooLong" });
    expect(asked(answerDialogue({ step: "town", draft: { medicalNeeds: [] } }, "Atlantis", TOWNS))).toMatchObject({ step: "town", problem: "townNotFound" });
    const atConsent: DialogueState = { step: "consent", draft: atPeople.draft };
    expect(asked(answerDialogue(atConsent, "maybe", TOWNS))).toMatchObject({ step: "consent", problem: "consentNeeded" });
  });

  it("can be cancelled at any step, and refusing consent cancels", () => {
    for (const step of ["town", "people", "address", "consent"] as const) {
      for (const word of ["/cancel", "скасувати", "Отмена", "ev:cancel"]) expect(answerDialogue({ step, draft: { medicalNeeds: [] } }, word, TOWNS).kind).toBe("cancelled");
    }
    expect(answerDialogue({ step: "consent", draft: { townSlug: "lysychansk", medicalNeeds: [] } }, "ні", TOWNS).kind).toBe("cancelled");
  });

  it("offers only the medical needs not yet chosen, and 'done' once one is", () => {
    const atMedical = asked(answerDialogue({ step: "pets", draft: { medicalNeeds: [] } }, "ev:no", TOWNS));
    expect(atMedical.commands).toContain("ev:oxygen");
    const afterOxygen = asked(answerDialogue(atMedical, "ev:oxygen", TOWNS));
    expect(afterOxygen).toMatchObject({ step: "medical", draft: { medicalNeeds: ["oxygen"] } });
    expect(afterOxygen.commands).not.toContain("ev:oxygen");
    expect(afterOxygen.commands.at(-1)).toBe("ev:done");
  });
});

describe("the SMS keyword", () => {
  it("asks only for consent, then gives a request whose facts are placeholders", () => {
    const consent = asked(startSmsDialogue("лисичанськ", TOWNS));
    expect(consent).toMatchObject({ step: "smsConsent", question: "askConsentSms", draft: { townSlug: "lysychansk" } });
    expect(answerDialogue(consent, "ТАК", TOWNS)).toMatchObject({ kind: "complete", draft: { townSlug: "lysychansk", peopleCount: 1, address: "" } });
    expect(answerDialogue(consent, "ДА", TOWNS).kind).toBe("complete");
    expect(answerDialogue(consent, "ні", TOWNS).kind).toBe("cancelled");
  });

  it("asks for the town again when it is not clear", () => {
    expect(asked(startSmsDialogue("Atlantis", TOWNS))).toMatchObject({ step: "town", problem: "townNotFound", question: "askTownSms" });
  });
});
