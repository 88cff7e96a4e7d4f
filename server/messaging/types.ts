import type { Locale } from "@/i18n/routing";

// The shapes every messaging channel shares. A channel adapter (Telegram, SMS) turns its own
// webhook into a ResidentMessage, hands it to answerResident (conversation.ts) and renders the
// BotReply its own way; the outbound worker hands finished texts to an OutboundSender.

export type ResidentChannel = "telegram" | "sms";

export type ResidentMessage = {
  channel: ResidentChannel;
  /** Telegram chat id or E.164 phone number. Never logged, never stored in clear (subscribers.ts). */
  address: string;
  /** What the resident wrote, or the command behind a button they pressed. */
  text: string;
  /** Telegram's `language_code` ("uk", "ru-RU", "en"…); null when the channel gives none. */
  languageHint: string | null;
  /** A message the bot cannot read (a voice message, a sticker, a location): answered with a one-line help. */
  unsupported?: boolean;
};

/** A button (Telegram) or a listed option (SMS): pressing it sends `command` as the next message. */
export type ReplyChoice = { label: string; command: string };

export type BotReply = {
  locale: Locale;
  /** Plain text, no markup: sent as is (Telegram without parse_mode, SMS body). Empty: nothing is sent. */
  text: string;
  choices: ReplyChoice[];
  /**
   * Further messages to send after `text`, each on its own: by SMS a town's warnings follow its
   * route status, so the answer itself stays one segment and no warning is ever cut or dropped.
   */
  followUps?: string[];
};

/** Delivers one finished text. Throws the errors of delivery-errors.ts for the worker to act on. */
export interface OutboundSender {
  readonly channel: ResidentChannel;
  send(address: string, text: string): Promise<void>;
}
