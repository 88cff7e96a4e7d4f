import "server-only";
import type { Db } from "@/db";
import { getSmsConfig } from "@/env";
import { listPublicTelegramChannels } from "@/db/public/telegram-channels";
import { getPublicTransportRequestCounts } from "@/db/public/transport-requests";
import { listSearchableTowns } from "@/db/public/towns";
import type { PublicTown } from "@/db/public/types";
import { deleteSubscriber, getSubscriber, MAX_TOWNS_PER_SUBSCRIBER, setSubscriberLocale, subscribeToTown, touchSubscriber, unsubscribeFromTown } from "@/db/queries/subscribers";
import { LOCALES, type Locale } from "@/i18n/routing";
import { guessLanguage, parseResidentMessage } from "@/lib/messaging/commands";
import { localizedName } from "@/lib/localized-name";
import { townMatcher } from "@/lib/town-search";
import { continueEvacuation, startEvacuation, stopEvacuation, withdrawByCode } from "./evacuation";
import { replyTranslator, townStatusReply, type ReplyFormat } from "./replies";
import { getSubscriberKeys } from "./subscriber-keys";
import type { BotReply, ReplyChoice, ResidentMessage } from "./types";

// One conversation for every channel: a resident asks about a town, subscribes, changes language
// or stops, on Telegram or by SMS. A question stores nothing; a subscription stores only what
// delivery needs (db/queries/subscribers.ts). Answers about routes come from replies.ts, which
// reads only what the public pages show.

const LANGUAGE_NAMES: Record<Locale, string> = { uk: "Українська", ru: "Русский", en: "English" };
const MAX_CHOICES = 5;

export async function answerResident(db: Db, message: ResidentMessage, { now = new Date() }: { now?: Date } = {}): Promise<BotReply> {
  const keys = getSubscriberKeys();
  const address = { channel: message.channel, addressHash: keys.hash(message.channel, message.address) };
  const sealed = () => ({ ...address, addressSealed: keys.seal(message.address) });
  const format: ReplyFormat = message.channel === "sms" ? "sms" : "telegram";
  const sms = message.channel === "sms";
  const command = parseResidentMessage(message.text);
  const subscriber = await getSubscriber(db, address);
  // A resident who chose a language keeps it; otherwise their app's language or their script.
  // Only the resident's own words tell their language: "/subscribe" is Latin in every language.
  // HELP or START typed as a word (by SMS, where no app language comes with it) is the resident's
  // own word too: Latin HELP is answered in English, not in the Ukrainian default.
  const typedWord = (command.kind === "help" || command.kind === "start") && !message.text.trim().startsWith("/");
  const ownWords =
    command.kind === "town"
      ? command.query
      : command.kind === "subscribe" || command.kind === "unsubscribe"
        ? command.town
        : command.kind === "invalid" || command.kind === "evacuate" || command.kind === "withdraw" || typedWord
          ? message.text.slice(0, 200)
          : "";
  // Read once per message, and only when the message needs a town (or its language is a guess
  // that a town's Russian name can settle).
  let searchable: Promise<PublicTown[]> | null = null;
  const towns = () => (searchable ??= listSearchableTowns(db));
  const locale: Locale = subscriber?.locale ?? guessLanguage(ownWords, message.languageHint, /[а-я]/i.test(ownWords) ? await towns() : []);
  const t = replyTranslator(locale);
  const reply = (text: string, choices: ReplyChoice[] = [], inLocale: Locale = locale, followUps: string[] = []): BotReply => ({ locale: inLocale, text, choices, followUps });
  if (subscriber && command.kind !== "stop") await touchSubscriber(db, { address, now });
  if (message.unsupported) return reply(t(sms ? "helpSms" : "unsupported"));
  // A request for transport under way takes the message as its next answer (evacuation.ts).
  const evacuation = await continueEvacuation(db, message, { locale, now, stop: command.kind === "stop" });
  if (evacuation) return evacuation;

  const townName = (town: PublicTown) => localizedName(town, locale);
  /** One town for what was typed, or the reply that says why not. */
  async function resolveTown(query: string, commandWord: "town" | "subscribe" | "unsubscribe"): Promise<PublicTown | BotReply> {
    const all = await towns();
    const bySlug = all.find((town) => town.slug === query);
    if (bySlug) return bySlug;
    const matches = townMatcher(all)(query, MAX_CHOICES);
    const shown = query.length > 40 ? `${[...query].slice(0, 40).join("")}…` : query;
    if (matches.length === 0) {
      // Nothing close enough to act on: the nearest names are offered as text, never chosen for them.
      const near = townMatcher(all)(query.slice(0, 4), 3).map((m) => townName(m.town));
      return reply(near.length > 0 ? t("notFoundSuggest", { query: shown, towns: near.join(", ") }) : t("notFound", { query: shown }));
    }
    if (matches.length === 1) return matches[0]!.town;
    const names = matches.map((m) => townName(m.town));
    if (sms) return reply(t("chooseTownSms", { query: shown, towns: names.join(", ") }));
    const verb = commandWord === "town" ? "/town" : `/${commandWord}`;
    return reply(
      t("chooseTown", { query: shown }),
      matches.map((m) => ({ label: `${townName(m.town)} (${localizedName(m.town.oblast, locale)})`, command: `${verb} ${m.town.slug}` })),
    );
  }
  const isReply = (value: PublicTown | BotReply): value is BotReply => "text" in value;
  /**
   * The organisations' channels, offered on Telegram: one post there reaches every reader at
   * once, while the bot tells 30 people a second. Those in the reader's language first, two at most.
   */
  async function channelOffer(): Promise<string> {
    const channels = await listPublicTelegramChannels(db);
    const offered = [...channels.filter((c) => c.locale === locale), ...channels.filter((c) => c.locale !== locale)].slice(0, 2);
    return offered.length > 0 ? t("channelOffer", { channels: offered.map((c) => c.username).join(", ") }) : "";
  }

  switch (command.kind) {
    case "invalid":
      if (command.problem === "tooLong") return reply(t("tooLong"));
      if (command.problem === "unknownCommand") return reply(t("unknownCommand"));
      return reply(t(sms ? "helpSms" : "help"));
    case "help":
      return reply(t(sms ? "helpSms" : "help"));
    case "start":
      return reply(t(sms ? "started" : "help"));
    case "stop": {
      await deleteSubscriber(db, address);
      const withdrawn = await stopEvacuation(db, message, { locale, now });
      // The farewell names what ended, in the subscriber's own language; deleting the row took
      // its pending messages with it, so nothing follows (a delivery job finds no one).
      const followed = subscriber?.townSlugs ?? [];
      const all = followed.length > 0 ? await towns() : [];
      const names = followed.map((slug) => all.find((town) => town.slug === slug)).filter((town): town is PublicTown => Boolean(town));
      const farewell = names.length === 0 ? t("stopped") : t(sms ? "farewellSms" : "farewell", { towns: names.map(townName).join(", "), town: sms ? townName(names[0]!) : names[0]!.slug });
      return reply([farewell, ...withdrawn].join("\n"));
    }
    case "evacuate":
      return startEvacuation(db, message, command.town, { locale, now });
    case "withdraw":
      return withdrawByCode(db, message, command.code, { locale, now });
    case "language": {
      if (!command.locale) {
        return reply(t("chooseLanguage") + (sms ? ` ${LOCALES.map((l) => `LANG ${l.toUpperCase()}`).join(", ")}` : ""), sms ? [] : LOCALES.map((l) => ({ label: LANGUAGE_NAMES[l], command: `/lang ${l}` })));
      }
      await setSubscriberLocale(db, { address: sealed(), locale: command.locale, now });
      return reply(replyTranslator(command.locale)("languageSet"), [], command.locale);
    }
    case "subscribe": {
      // Replies-only SMS (no outbound gateway configured) cannot tell anyone later: say so, store nothing.
      if (sms && !getSmsConfig()?.apiUrl) return reply(t("subscribeUnavailableSms"));
      if (command.town === "") return reply(t(sms ? "subscribeWhichSms" : "subscribeWhich"));
      const town = await resolveTown(command.town, "subscribe");
      if (isReply(town)) return town;
      const result = await subscribeToTown(db, { address: sealed(), townSlug: town.slug, locale, now });
      const all = await towns();
      const names = result.townSlugs.map((slug) => all.find((x) => x.slug === slug)).filter((x): x is PublicTown => Boolean(x)).map(townName);
      if (result.outcome === "tooManyTowns") return reply(t("tooManyTowns", { max: String(MAX_TOWNS_PER_SUBSCRIBER), towns: names.join(", ") }));
      if (result.outcome === "alreadySubscribed") return reply(t("alreadySubscribed", { town: townName(town) }));
      if (result.outcome === "noSuchTown") return reply(t("notFound", { query: command.town }));
      const status = await townStatusReply(db, { slug: town.slug, locale, now, format });
      // By SMS the confirmation alone: the status follows when it changes, each message costs the resident.
      return reply(sms ? t("subscribed", { town: townName(town) }) : [t("subscribed", { town: townName(town) }), await channelOffer(), status?.text ?? ""].filter(Boolean).join("\n\n").trim());
    }
    case "unsubscribe": {
      if (!subscriber || subscriber.townSlugs.length === 0) return reply(t("noSubscriptions"));
      if (command.town === "") {
        await unsubscribeFromTown(db, { address, townSlug: null, now });
        return reply(t("unsubscribedAll"));
      }
      const town = await resolveTown(command.town, "unsubscribe");
      if (isReply(town)) return town;
      const removed = await unsubscribeFromTown(db, { address, townSlug: town.slug, now });
      return reply(t(removed > 0 ? "unsubscribed" : "notSubscribed", { town: townName(town) }));
    }
    case "townSlug":
    case "town": {
      const town = await resolveTown(command.kind === "town" ? command.query : command.slug, "town");
      if (isReply(town)) return town;
      const status = await townStatusReply(db, { slug: town.slug, locale, now, format });
      if (!status) return reply(t("notFound", { query: townName(town) }));
      const offer = sms ? "" : await channelOffer();
      // How to ask for transport, with the town's counts (never a request itself): the bot only,
      // an SMS answer has no segment to spare.
      const counts = sms ? null : await getPublicTransportRequestCounts(db, { slug: town.slug });
      const transport = counts ? t("askTransport", { slug: town.slug, open: counts.open, handled: counts.beingHandled }) : "";
      const text = [status.text, transport, offer].filter(Boolean).join("\n\n");
      return reply(text, [], locale, status.followUps);
    }
  }
}
