import { parsePhoneNumberFromString } from "libphonenumber-js";
import { REQUEST_ADDRESS_MAX, REQUEST_MEDICAL_NOTE_MAX, REQUEST_NAME_MAX } from "@/lib/forms/limits";
import { localizedName } from "@/lib/localized-name";
import { townMatcher, type SearchableTown } from "@/lib/town-search";
import { MEDICAL_NEEDS, MOBILITY_LEVELS, type MedicalNeed, type MobilityLevel, type RequesterKind } from "@/lib/transport-requests";

// A request for transport asked for one question at a time (Telegram `/evacuate`), and the SMS
// keyword's one question (consent). Pure: the server keeps the step and the answers so far in the
// database (sealed) between messages, and calls `answerDialogue` with each new message. Every step
// can be cancelled; a wrong answer repeats the question with what was wrong.

export const DIALOGUE_STEPS = ["town", "name", "people", "children", "mobility", "pets", "medical", "medicalNote", "address", "phone", "requester", "consent", "smsConsent"] as const;
export type DialogueStep = (typeof DIALOGUE_STEPS)[number];

/** Who may ask by the bot: the person or a relative (or an organisation's volunteer); a hotline enters on its own form. */
export const DIALOGUE_REQUESTER_KINDS = ["self", "relative", "organisation"] as const satisfies readonly RequesterKind[];

export type EvacuationDraft = {
  townSlug?: string;
  name?: string;
  peopleCount?: number;
  childrenCount?: number;
  mobility?: MobilityLevel;
  pets?: boolean;
  medicalNeeds: MedicalNeed[];
  medicalNote?: string;
  address?: string;
  /** E.164; "" when they gave none (the Telegram chat is the contact). */
  phone?: string;
  requesterKind?: RequesterKind;
};

export type DialogueState = { step: DialogueStep; draft: EvacuationDraft };

/** A message key under `evacuate` in messages/*.json, with its values. */
export type DialogueText = { key: string; values?: Record<string, string | number> };
/** A button: its label (a message key, or a town's name as is) and the answer it sends. */
export type DialogueChoice = { label: DialogueText | { text: string }; command: string };
export type DialoguePrompt = { question: DialogueText; problem?: DialogueText; choices: DialogueChoice[] };

export type DialogueOutcome =
  | { kind: "ask"; state: DialogueState; prompt: DialoguePrompt }
  | { kind: "complete"; draft: Required<Omit<EvacuationDraft, "medicalNote" | "name">> & { medicalNote: string; name: string } }
  | { kind: "cancelled" };

/** Buttons send "ev:<answer>" so that a pressed button is never mistaken for a typed word. */
export const CHOICE_PREFIX = "ev:";
export const MAX_PEOPLE = 50;
const SKIP = new Set(["-", "—", "–", "no", "none", "ні", "нет", "немає", "нема", "skip", "пропустити", "пропустить"]);
const YES = new Set(["yes", "y", "так", "да", "згоден", "згодна", "согласен", "согласна", "agree", "ok"]);
const NO = new Set(["no", "n", "ні", "нет"]);
const DONE = new Set(["done", "готово", "далі", "дальше", "далее"]);
const CANCEL = new Set(["/cancel", "cancel", "скасувати", "отмена", "отменить", "відміна"]);

export function isCancelWord(input: string): boolean {
  return CANCEL.has(input.trim().toLowerCase()) || input.trim() === `${CHOICE_PREFIX}cancel`;
}

const question = (key: string, values?: DialogueText["values"]): DialogueText => ({ key, values });
const choice = (key: string, value: string): DialogueChoice => ({ label: { key }, command: `${CHOICE_PREFIX}${value}` });

/** The question for a step (and its buttons). */
export function promptFor(state: DialogueState, towns: readonly SearchableTown[] = [], locale = "uk"): DialoguePrompt {
  const { step, draft } = state;
  switch (step) {
    case "town":
      return { question: question("askTown"), choices: [] };
    case "name":
      return { question: question("askName"), choices: [choice("skip", "-")] };
    case "people":
      return { question: question("askPeople"), choices: [1, 2, 3, 4].map((n) => ({ label: { text: String(n) }, command: `${CHOICE_PREFIX}${n}` })) };
    case "children":
      return { question: question("askChildren"), choices: [0, 1, 2].filter((n) => n <= (draft.peopleCount ?? 0)).map((n) => ({ label: { text: String(n) }, command: `${CHOICE_PREFIX}${n}` })) };
    case "mobility":
      return { question: question("askMobility"), choices: MOBILITY_LEVELS.map((m) => choice(`mobility_${m}`, m)) };
    case "pets":
      return { question: question("askPets"), choices: [choice("yes", "yes"), choice("no", "no")] };
    case "medical":
      return {
        question: question("askMedical", { chosen: draft.medicalNeeds.length }),
        choices: [...MEDICAL_NEEDS.filter((m) => !draft.medicalNeeds.includes(m)).map((m) => choice(`medical_${m}`, m)), choice(draft.medicalNeeds.length > 0 ? "done" : "noneOfThese", "done")],
      };
    case "medicalNote":
      return { question: question("askMedicalNote", { max: REQUEST_MEDICAL_NOTE_MAX }), choices: [choice("skip", "-")] };
    case "address":
      return { question: question("askAddress", { max: REQUEST_ADDRESS_MAX }), choices: [] };
    case "phone":
      return { question: question("askPhone"), choices: [choice("skip", "-")] };
    case "requester":
      return { question: question("askRequester"), choices: DIALOGUE_REQUESTER_KINDS.map((k) => choice(`requester_${k}`, k)) };
    case "consent":
    case "smsConsent": {
      const town = towns.find((t) => t.slug === draft.townSlug);
      return { question: question(step === "consent" ? "askConsent" : "askConsentSms", { town: town ? localizedName(town, locale) : "" }), choices: [choice("agree", "yes"), choice("cancel", "cancel")] };
    }
  }
}

/** What the resident answered: a pressed button's value, or the text as typed. */
function answerOf(input: string): { value: string; pressed: boolean } {
  const trimmed = input.trim();
  return trimmed.startsWith(CHOICE_PREFIX) ? { value: trimmed.slice(CHOICE_PREFIX.length), pressed: true } : { value: trimmed.replace(/\s+/g, " "), pressed: false };
}

/** A typed number ("2", "2 people") or a button's; null for anything else. */
function wholeNumber(value: string): number | null {
  const match = /^(\d{1,3})\b/.exec(value);
  return match ? Number(match[1]) : null;
}

/** One of a closed list: by its value (a button), or its place in the list as typed ("3"). */
function oneOf<T extends string>(value: string, list: readonly T[]): T | null {
  if ((list as readonly string[]).includes(value)) return value as T;
  const n = wholeNumber(value);
  return n !== null && n >= 1 && n <= list.length ? list[n - 1]! : null;
}

function phoneOf(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value, "UA");
  return parsed?.isValid() ? parsed.format("E.164") : null;
}

const NEXT: Partial<Record<DialogueStep, DialogueStep>> = {
  town: "name",
  name: "people",
  people: "children",
  children: "mobility",
  mobility: "pets",
  pets: "medical",
  medical: "medicalNote",
  medicalNote: "address",
  address: "phone",
  phone: "requester",
  requester: "consent",
};

/** The first state of `/evacuate`: the town, or, when one was named with the command and it is clear, the next question. */
export function startDialogue(townQuery: string, towns: readonly SearchableTown[], locale = "uk"): DialogueOutcome {
  const state: DialogueState = { step: "town", draft: { medicalNeeds: [] } };
  if (townQuery.trim() === "") return { kind: "ask", state, prompt: promptFor(state, towns, locale) };
  return answerDialogue(state, townQuery, towns, locale);
}

/** The SMS keyword with a town: one question, consent, then the request is stored with the rest unknown. */
export function startSmsDialogue(townQuery: string, towns: readonly SearchableTown[], locale = "uk"): DialogueOutcome {
  const town = resolveTown(townQuery, towns, locale);
  if ("problem" in town) return { kind: "ask", state: { step: "town", draft: { medicalNeeds: [] } }, prompt: { question: question("askTownSms"), problem: town.problem, choices: [] } };
  const state: DialogueState = { step: "smsConsent", draft: { townSlug: town.slug, medicalNeeds: [] } };
  return { kind: "ask", state, prompt: promptFor(state, towns, locale) };
}

function resolveTown(query: string, towns: readonly SearchableTown[], locale: string): { slug: string } | { problem: DialogueText; choices: DialogueChoice[] } {
  const bySlug = towns.find((t) => t.slug === query);
  if (bySlug) return bySlug;
  const matches = townMatcher([...towns])(query, 5);
  if (matches.length === 1) return matches[0]!.town;
  if (matches.length === 0) return { problem: question("townNotFound", { query: [...query].slice(0, 40).join("") }), choices: [] };
  return {
    problem: question("townChoose", { towns: matches.map((m) => localizedName(m.town, locale)).join(", ") }),
    choices: matches.map((m) => ({ label: { text: localizedName(m.town, locale) }, command: `${CHOICE_PREFIX}${m.town.slug}` })),
  };
}

/** Takes one answer: the next question, the same one again with what was wrong, the finished request, or a cancellation. */
export function answerDialogue(state: DialogueState, input: string, towns: readonly SearchableTown[], locale = "uk"): DialogueOutcome {
  if (isCancelWord(input)) return { kind: "cancelled" };
  const { value, pressed } = answerOf(input);
  const lower = value.toLowerCase();
  const draft: EvacuationDraft = { ...state.draft, medicalNeeds: [...state.draft.medicalNeeds] };
  const again = (problem: DialogueText, choices?: DialogueChoice[]): DialogueOutcome => {
    const prompt = promptFor(state, towns, locale);
    return { kind: "ask", state, prompt: { ...prompt, problem, choices: choices ?? prompt.choices } };
  };
  const next = (to: DialogueStep | undefined = NEXT[state.step]): DialogueOutcome => {
    const nextState: DialogueState = { step: to!, draft };
    return { kind: "ask", state: nextState, prompt: promptFor(nextState, towns, locale) };
  };
  const skipped = SKIP.has(lower);

  switch (state.step) {
    case "town": {
      if (value === "") return again(question("answerEmpty"));
      const town = resolveTown(value, towns, locale);
      if ("problem" in town) return again(town.problem, town.choices);
      draft.townSlug = town.slug;
      return next();
    }
    case "name":
      if ([...value].length > REQUEST_NAME_MAX) return again(question("tooLong", { max: REQUEST_NAME_MAX, count: [...value].length }));
      draft.name = skipped ? "" : value;
      return next();
    case "people": {
      const n = wholeNumber(value);
      if (n === null || n < 1 || n > MAX_PEOPLE) return again(question("peopleInvalid", { max: MAX_PEOPLE }));
      draft.peopleCount = n;
      if (draft.childrenCount !== undefined && draft.childrenCount > n) delete draft.childrenCount;
      return next();
    }
    case "children": {
      const n = skipped ? 0 : wholeNumber(value);
      if (n === null || n < 0 || n > (draft.peopleCount ?? 0)) return again(question("childrenInvalid", { max: draft.peopleCount ?? 0 }));
      draft.childrenCount = n;
      return next();
    }
    case "mobility": {
      const mobility = oneOf(value, MOBILITY_LEVELS);
      if (!mobility) return again(question("chooseOne"));
      draft.mobility = mobility;
      return next();
    }
    case "pets":
      if (YES.has(lower)) draft.pets = true;
      else if (NO.has(lower) || skipped) draft.pets = false;
      else return again(question("yesOrNo"));
      return next();
    case "medical": {
      if (DONE.has(lower) || skipped) return next();
      // Typed, several at once ("1 3"); pressed, one at a time, and the question comes again for more.
      const picked = pressed ? [oneOf(value, MEDICAL_NEEDS)] : value.split(/[\s,;]+/).map((v) => oneOf(v, MEDICAL_NEEDS));
      if (picked.length === 0 || picked.some((m) => m === null)) return again(question("chooseFromList"));
      for (const m of picked) if (m && !draft.medicalNeeds.includes(m)) draft.medicalNeeds.push(m);
      // Every need ticked: nothing left to add.
      return pressed && draft.medicalNeeds.length < MEDICAL_NEEDS.length ? next("medical") : next();
    }
    case "medicalNote":
      if ([...value].length > REQUEST_MEDICAL_NOTE_MAX) return again(question("tooLong", { max: REQUEST_MEDICAL_NOTE_MAX, count: [...value].length }));
      draft.medicalNote = skipped ? "" : value;
      return next();
    case "address":
      if (value === "" || skipped) return again(question("addressRequired"));
      if ([...value].length > REQUEST_ADDRESS_MAX) return again(question("tooLong", { max: REQUEST_ADDRESS_MAX, count: [...value].length }));
      draft.address = value;
      return next();
    case "phone": {
      if (skipped) {
        draft.phone = "";
        return next();
      }
      const phone = phoneOf(value);
      if (!phone) return again(question("phoneInvalid"));
      draft.phone = phone;
      return next();
    }
    case "requester": {
      const kind = oneOf(value, DIALOGUE_REQUESTER_KINDS);
      if (!kind) return again(question("chooseOne"));
      draft.requesterKind = kind;
      return next();
    }
    case "consent":
    case "smsConsent":
      if (!YES.has(lower)) return NO.has(lower) ? { kind: "cancelled" } : again(question("consentNeeded"));
      return complete(draft, state.step === "smsConsent");
  }
}

function complete(draft: EvacuationDraft, bySms: boolean): DialogueOutcome {
  if (!draft.townSlug) return { kind: "cancelled" };
  if (bySms) {
    // By SMS only the town is known: the rest are placeholders the request marks unknown
    // (SMS_UNKNOWN_FIELDS), for the organisation that calls back to complete.
    return {
      kind: "complete",
      draft: { townSlug: draft.townSlug, name: "", peopleCount: 1, childrenCount: 0, mobility: "needs_help", pets: false, medicalNeeds: [], medicalNote: "", address: "", phone: "", requesterKind: "self" },
    };
  }
  const { townSlug, peopleCount, childrenCount, mobility, pets, address, requesterKind } = draft;
  if (peopleCount === undefined || childrenCount === undefined || !mobility || pets === undefined || address === undefined || !requesterKind) return { kind: "cancelled" };
  return {
    kind: "complete",
    draft: { townSlug, name: draft.name ?? "", peopleCount, childrenCount, mobility, pets, medicalNeeds: draft.medicalNeeds, medicalNote: draft.medicalNote ?? "", address, phone: draft.phone ?? "", requesterKind },
  };
}

/** What a request made by SMS does not know: shown as unknown to coordinators until someone calls back. */
export const SMS_UNKNOWN_FIELDS = ["peopleCount", "childrenCount", "mobility", "pets", "medicalNeeds", "address"] as const;
