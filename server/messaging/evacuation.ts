import "server-only";
import { createTranslator } from "next-intl";
import type { Db } from "@/db";
import { listSearchableTowns } from "@/db/public/towns";
import type { PublicTown } from "@/db/public/types";
import { deleteRequestDialogue, getRequestDialogue, saveRequestDialogue, type RequestDialogueKey } from "@/db/queries/request-dialogues";
import { createTransportRequest, stopTransportRequestsByContact, withdrawTransportRequest } from "@/db/queries/transport-requests";
import { RefusedWriteError } from "@/db/queries/write-errors";
import type { Locale } from "@/i18n/routing";
import {
  answerDialogue,
  CHOICE_PREFIX,
  isCancelWord,
  SMS_UNKNOWN_FIELDS,
  startDialogue,
  startSmsDialogue,
  type DialogueOutcome,
  type DialoguePrompt,
  type DialogueState,
  type DialogueStep,
  type DialogueText,
  DIALOGUE_STEPS,
  type EvacuationDraft,
} from "@/lib/messaging/evacuation-dialogue";
import { normaliseReferenceCode } from "@/lib/transport-requests";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { sealTransportRequestPersonal, telegramHashInput } from "@/server/transport-requests/personal";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import type { BotReply, ResidentMessage } from "./types";

// Asking for transport through the bot or by SMS. Telegram `/evacuate` asks one question at a
// time (lib/messaging/evacuation-dialogue.ts); the SMS keyword with a town asks only for consent
// and stores a call-back request. Where the resident is in the questions is kept in the database
// (request_dialogues, the answers sealed), not in this process: a restart, or another instance
// answering the next message, carries on (see docs/decisions/0021-request-dialogue-in-the-database.md).

const MESSAGES = { uk, ru, en } as const;

/** Keys come from the dialogue's rules as strings; messages.test.ts holds every locale to the same keys. */
function translator(locale: Locale): (key: string, values?: Record<string, string | number>) => string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "evacuate" });
  return (key, values) => t(key as Parameters<typeof t>[0], values);
}

function dialogueKey(message: ResidentMessage): RequestDialogueKey {
  return { channel: message.channel, addressHash: getTransportRequestKeys().hash(`dialogue ${message.channel}`, message.address) };
}

function render(locale: Locale, prompt: DialoguePrompt, sms: boolean): BotReply {
  const t = translator(locale);
  const say = (text: DialogueText) => t(text.key, text.values);
  const text = [prompt.problem ? say(prompt.problem) : "", say(prompt.question)].filter(Boolean).join("\n\n");
  const choices = sms ? [] : prompt.choices.map((c) => ({ label: "key" in c.label ? say(c.label) : c.label.text, command: c.command }));
  return { locale, text, choices, followUps: [] };
}

const plainReply = (locale: Locale, key: string, values?: Record<string, string | number>): BotReply => ({ locale, text: translator(locale)(key, values), choices: [], followUps: [] });

function isStep(step: string): step is DialogueStep {
  return (DIALOGUE_STEPS as readonly string[]).includes(step);
}

/**
 * The message as an answer to a dialogue under way, or null when there is none (or the message is
 * a command of its own, such as /help or /stop, which the conversation answers as usual).
 */
export async function continueEvacuation(db: Db, message: ResidentMessage, { locale, now, stop }: { locale: Locale; now: Date; stop: boolean }): Promise<BotReply | null> {
  const text = message.text.trim();
  // STOP must always work, mid-question too ("cancel" is both: it ends only the questions).
  const ownCommand = (text.startsWith("/") || stop) && !isCancelWord(text);
  if (ownCommand || message.unsupported) return null;
  const key = dialogueKey(message);
  const row = await getRequestDialogue(db, key, now);
  if (!row || !isStep(row.step)) {
    // A button of a form that has ended (made, cancelled or forgotten after a day).
    return text.startsWith(CHOICE_PREFIX) ? plainReply(locale, "expired") : null;
  }
  const keys = getTransportRequestKeys();
  const state: DialogueState = { step: row.step, draft: JSON.parse(keys.open(row.draftSealed)) as EvacuationDraft };
  const outcome = answerDialogue(state, text, await listSearchableTowns(db), row.locale);
  return settle(db, message, key, outcome, { locale: row.locale, baseVersion: row.version, now });
}

/** `/evacuate [town]` on Telegram, `EVAC <town>` by SMS: the first question. */
export async function startEvacuation(db: Db, message: ResidentMessage, townQuery: string, { locale, now }: { locale: Locale; now: Date }): Promise<BotReply> {
  const towns: PublicTown[] = await listSearchableTowns(db);
  if (message.channel === "sms") {
    if (townQuery.trim() === "") return plainReply(locale, "askTownSms");
    return settle(db, message, dialogueKey(message), startSmsDialogue(townQuery, towns, locale), { locale, baseVersion: null, now });
  }
  return settle(db, message, dialogueKey(message), startDialogue(townQuery, towns, locale), { locale, baseVersion: null, now });
}

async function settle(
  db: Db,
  message: ResidentMessage,
  key: RequestDialogueKey,
  outcome: DialogueOutcome,
  { locale, baseVersion, now }: { locale: Locale; baseVersion: number | null; now: Date },
): Promise<BotReply> {
  const sms = message.channel === "sms";
  if (outcome.kind === "cancelled") {
    await deleteRequestDialogue(db, key);
    return plainReply(locale, "cancelled");
  }
  if (outcome.kind === "ask") {
    // The SMS keyword naming no town we know asks again, with nothing stored.
    if (sms && outcome.state.step === "town") return render(locale, outcome.prompt, sms);
    const saved = await saveRequestDialogue(db, key, { step: outcome.state.step, draftSealed: getTransportRequestKeys().seal(JSON.stringify(outcome.state.draft)), townSlug: outcome.state.draft.townSlug ?? null, locale, baseVersion, now });
    return saved ? render(locale, outcome.prompt, sms) : plainReply(locale, "stale");
  }
  // Only the instance that ends the dialogue makes the request: a doubled "yes" makes one.
  if (baseVersion !== null && !(await deleteRequestDialogue(db, key, baseVersion))) return plainReply(locale, "stale");
  const { draft } = outcome;
  const sealed = sealTransportRequestPersonal(getTransportRequestKeys(), {
    name: draft.name,
    phone: sms ? message.address : draft.phone,
    telegram: sms ? "" : message.address,
    address: draft.address,
    point: null,
    medicalNote: draft.medicalNote,
    noContactReason: "",
  });
  try {
    const { referenceCode } = await createTransportRequest(db, null, {
      channel: message.channel,
      facts: {
        townSlug: draft.townSlug,
        peopleCount: draft.peopleCount,
        childrenCount: draft.childrenCount,
        mobility: draft.mobility,
        pets: draft.pets,
        medicalNeeds: draft.medicalNeeds,
        locale,
        requesterKind: draft.requesterKind,
        // Consent was the last question, shown in this language.
        consentLocale: locale,
        unknownFields: sms ? [...SMS_UNKNOWN_FIELDS] : [],
      },
      sealed,
      now,
    });
    return plainReply(locale, sms ? "createdSms" : "created", { code: referenceCode });
  } catch (error) {
    if (error instanceof RefusedWriteError) return plainReply(locale, `refused_${error.error.code}`, { max: 50, ...error.error.values });
    throw error;
  }
}

/** `/withdraw <code>`, `WITHDRAW <code>`: the request is cancelled and its details erased at once. */
export async function withdrawByCode(db: Db, message: ResidentMessage, code: string, { locale, now }: { locale: Locale; now: Date }): Promise<BotReply> {
  const sms = message.channel === "sms";
  const referenceCode = normaliseReferenceCode(code);
  if (!referenceCode) return plainReply(locale, code.trim() === "" ? (sms ? "withdrawHowSms" : "withdrawHow") : "withdrawNotFound", { code: [...code.trim()].slice(0, 20).join("") });
  const withdrawn = await withdrawTransportRequest(db, { referenceCode, now });
  return plainReply(locale, withdrawn ? "withdrawn" : "withdrawNotFound", { code: referenceCode });
}

/**
 * STOP: besides the subscription, a dialogue under way and every request asked from this chat or
 * number (by keyed hash) go at once; a request asked elsewhere naming it stays open and is no
 * longer told here. Returns a line per request withdrawn, for the reply.
 */
export async function stopEvacuation(db: Db, message: ResidentMessage, { locale, now }: { locale: Locale; now: Date }): Promise<string[]> {
  await deleteRequestDialogue(db, dialogueKey(message));
  const keys = getTransportRequestKeys();
  const hash = message.channel === "sms" ? keys.hash("phone", message.address) : keys.hash("telegram", telegramHashInput(message.address));
  const { withdrawn } = await stopTransportRequestsByContact(db, { channel: message.channel, hash, now });
  const t = translator(locale);
  return withdrawn.map((code) => t("withdrawn", { code }));
}
