import type { LocalizedName } from "@/lib/localized-name";
import type { Locale } from "@/i18n/routing";
import { MAX_QUERY_LENGTH } from "@/lib/town-search";

// What a resident's message asks for, the same on Telegram and SMS. Telegram users press
// /commands; SMS users type a word (carriers reserve STOP, START and HELP, and STOP must always
// work), in any script. Anything else is a town name.

export type ResidentCommand =
  | { kind: "help" }
  | { kind: "start" }
  | { kind: "stop" }
  | { kind: "subscribe"; town: string }
  | { kind: "unsubscribe"; town: string }
  | { kind: "language"; locale: Locale | null }
  | { kind: "townSlug"; slug: string }
  | { kind: "evacuate"; town: string }
  | { kind: "withdraw"; code: string }
  | { kind: "town"; query: string }
  | { kind: "invalid"; problem: "empty" | "tooLong" | "unknownCommand" };

/** Longer than any town name with a command word: a pasted article, not a question. */
export const MAX_MESSAGE_LENGTH = MAX_QUERY_LENGTH + 20;

const WORDS: Record<string, Exclude<ResidentCommand["kind"], "town" | "invalid" | "townSlug">> = {
  // Carrier opt-out words all mean "stop everything" (CTIA): STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT.
  stop: "stop",
  stopall: "stop",
  unsubscribe: "stop",
  cancel: "stop",
  end: "stop",
  quit: "stop",
  стоп: "stop",
  start: "start",
  unstop: "start",
  старт: "start",
  help: "help",
  info: "help",
  допомога: "help",
  помощь: "help",
  sub: "subscribe",
  subscribe: "subscribe",
  підписка: "subscribe",
  підписатися: "subscribe",
  подписка: "subscribe",
  подписаться: "subscribe",
  unsub: "unsubscribe",
  відписка: "unsubscribe",
  відписатися: "unsubscribe",
  отписка: "unsubscribe",
  отписаться: "unsubscribe",
  lang: "language",
  language: "language",
  мова: "language",
  язык: "language",
  // A request for transport by SMS: the keyword and the town ("ЕВАК Лисичанськ").
  evac: "evacuate",
  evacuate: "evacuate",
  евак: "evacuate",
  эвак: "evacuate",
  евакуація: "evacuate",
  эвакуация: "evacuate",
  // Withdrawing a request with its reference code ("ВІДКЛИКАТИ K7M4-QX2D").
  withdraw: "withdraw",
  відкликати: "withdraw",
  отозвать: "withdraw",
};

const SLASH: Record<string, ResidentCommand["kind"]> = {
  start: "start",
  help: "help",
  stop: "stop",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
  lang: "language",
  language: "language",
  town: "townSlug",
  evacuate: "evacuate",
  withdraw: "withdraw",
};

const LANGUAGE_WORDS: Record<string, Locale> = {
  uk: "uk", ua: "uk", українська: "uk", укр: "uk", ukrainian: "uk",
  ru: "ru", русский: "ru", рус: "ru", російська: "ru", russian: "ru",
  en: "en", english: "en", англійська: "en", английский: "en", eng: "en",
};

export function parseResidentMessage(raw: string): ResidentCommand {
  // Zero-width and control characters are dropped: they are junk, never part of a town's name.
  const text = raw.normalize("NFC").replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2060\ufeff]+/g, " ").replace(/\s+/g, " ").trim();
  if (text === "") return { kind: "invalid", problem: "empty" };
  if ([...text].length > MAX_MESSAGE_LENGTH) return { kind: "invalid", problem: "tooLong" };

  if (text.startsWith("/")) {
    // "/subscribe@CorridorBot Lysychansk": Telegram adds the bot's name in groups.
    const match = /^\/([A-Za-z_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$/.exec(text);
    const kind = match ? SLASH[match[1]!.toLowerCase()] : undefined;
    if (!match || !kind) return { kind: "invalid", problem: "unknownCommand" };
    return withArgument(kind, (match[2] ?? "").trim());
  }
  const [first = "", ...rest] = text.split(" ");
  const kind = WORDS[first.toLowerCase()];
  if (kind) return withArgument(kind, rest.join(" "));
  return { kind: "town", query: text };
}

function withArgument(kind: ResidentCommand["kind"], argument: string): ResidentCommand {
  switch (kind) {
    case "subscribe":
      return { kind, town: argument };
    case "unsubscribe":
      return { kind, town: argument };
    case "evacuate":
      return { kind, town: argument };
    case "withdraw":
      return { kind, code: argument };
    case "language":
      return { kind, locale: LANGUAGE_WORDS[argument.toLowerCase()] ?? null };
    case "townSlug":
      return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(argument) ? { kind, slug: argument } : argument ? { kind: "town", query: argument } : { kind: "invalid", problem: "empty" };
    case "start":
      // A t.me/<bot>?start=<town> link (a town page's "follow on Telegram") opens on that town.
      return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(argument) ? { kind: "townSlug", slug: argument } : { kind };
    case "help":
    case "stop":
      return { kind };
    default:
      return { kind: "invalid", problem: "unknownCommand" };
  }
}

/**
 * The language to answer in when the resident has not chosen one: Telegram's app language if it
 * is one of ours, else a town's name as only Russian spells it ("Кременная", "лисичанск": most
 * Russian town names have none of Russian's own letters), else the script of what they wrote
 * (letters only Ukrainian or only Russian has; Latin → English), else Ukrainian.
 */
export function guessLanguage(text: string, hint: string | null, towns: readonly LocalizedName[] = []): Locale {
  const fromHint = hint?.toLowerCase().split(/[-_]/)[0];
  if (fromHint === "uk" || fromHint === "ru" || fromHint === "en") return fromHint;
  const words = text.toLowerCase().replace(/ё/g, "е").split(/[^\p{L}'’-]+/u).filter(Boolean);
  const written = words.join(" ");
  const spelt = (name: string) => {
    const n = name.toLowerCase().replace(/ё/g, "е");
    return n !== "" && (written === n || words.includes(n) || written.includes(` ${n} `) || written.startsWith(`${n} `) || written.endsWith(` ${n}`));
  };
  if (towns.some((town) => spelt(town.nameRu) && !spelt(town.nameUk))) return "ru";
  if (/[іїєґ]/i.test(text)) return "uk";
  if (/[ыэъё]/i.test(text)) return "ru";
  if (/[а-я]/i.test(text)) return fromHint === "be" ? "ru" : "uk";
  if (/[a-z]/i.test(text)) return "en";
  return "uk";
}
