import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { guessLanguage } from "@/lib/messaging/commands";
import { replyTranslator } from "./replies";
import { getSubscriberKeys } from "./subscriber-keys";
import type { BotReply, ResidentMessage } from "./types";

// How many answers one Telegram chat or one phone number gets: without a limit, 1,000 messages
// got 1,000 replies (each SMS one costs money, and a flood from one sender slows everyone's). Past
// the limit the sender gets one short, polite refusal for the window, then nothing until it ends.
// Counted in this process's memory (rate-limiter-flexible) under the keyed hash of the chat or
// number, and stored nowhere: a restart forgets it, and each instance counts its own.

export type AnswerLimits = {
  /** Answers a chat or number gets within `windowSeconds`. */
  answers: number;
  windowSeconds: number;
};

/** A resident finding their town, subscribing and choosing a language sends well under this. */
export const ANSWER_LIMITS: AnswerLimits = { answers: 20, windowSeconds: 10 * 60 };

type Answer = (message: ResidentMessage) => Promise<BotReply>;

/** An answer with no text: the channel sends nothing (SMS: an empty TwiML response; Telegram: no message). */
const SILENCE = (locale: BotReply["locale"]): BotReply => ({ locale, text: "", choices: [], followUps: [] });

/**
 * `answer` within the limits: the hook the Telegram and SMS routes put around answerResident.
 * A message past the limit is not read at all (no database, nothing changed).
 */
export function limitAnswers(answer: Answer, limits: AnswerLimits = ANSWER_LIMITS, keyOf: (message: ResidentMessage) => string = keyedAddress): Answer {
  const answers = new RateLimiterMemory({ keyPrefix: "answers", points: limits.answers, duration: limits.windowSeconds });
  // One refusal a window: the first message past the limit is told, the rest are not answered.
  const refusals = new RateLimiterMemory({ keyPrefix: "refusals", points: 1, duration: limits.windowSeconds });
  return async (message) => {
    const key = keyOf(message);
    try {
      await answers.consume(key);
    } catch (limited) {
      if (!(limited instanceof RateLimiterRes)) throw limited;
      const locale = guessLanguage(message.text.slice(0, 200), message.languageHint);
      try {
        await refusals.consume(key);
      } catch (again) {
        if (!(again instanceof RateLimiterRes)) throw again;
        return SILENCE(locale);
      }
      const minutes = Math.max(1, Math.ceil(limited.msBeforeNext / 60_000));
      return { locale, text: replyTranslator(locale)("tooManyMessages", { minutes: String(minutes) }), choices: [], followUps: [] };
    }
    return answer(message);
  };
}

/** The chat or number as the subscriber tables know it: a keyed hash, never the address itself. */
function keyedAddress(message: ResidentMessage): string {
  return `${message.channel}:${getSubscriberKeys().hash(message.channel, message.address)}`;
}
