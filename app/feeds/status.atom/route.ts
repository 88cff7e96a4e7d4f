import { Feed } from "feed";
import { getDb } from "@/db";
import { listPublicStatusEvents } from "@/db/public/status-events";
import { capText } from "@/lib/cap-text";
import { escapeHtml, withAtomLanguage } from "@/lib/feed-html";
import { localizedName } from "@/lib/localized-name";
import { instructionLabels } from "@/lib/instruction-text";
import { reasonSentence } from "@/lib/reason-codes";
import { routeFreshness } from "@/lib/freshness";
import { CONTENT_TYPES, publicOptions, publicResponse } from "@/server/http/public-response";
import { READ_ONLY, withApiErrors } from "@/server/http/problem";
import { parseQuery } from "@/server/http/query";
import { feedQuery } from "../schemas";
import { formatPlaceDateTime } from "@/lib/time";
import { siteOrigin } from "../origin";
import { confidenceText } from "@/lib/status-confidence";

export const dynamic = "force-dynamic";


/**
 * Atom feed of route status changes, newest first (the last 50 events). One feed per language:
 * ?lang=uk|ru|en, English by default. Each entry says until when it is valid: a feed reader keeps
 * old entries, and an old "open" must not read as current.
 */
export async function GET(request: Request) {
  const query = parseQuery(request, feedQuery);
  if (!query.ok) return query.response;
  const lang = query.value.lang ?? "en";
  return withApiErrors(request, async () => {
    const { t, status } = capText(lang);
    const origin = siteOrigin(request);
    const events = await listPublicStatusEvents(await getDb(), { limit: 50 });
    const self = `${origin}/feeds/status.atom${lang === "en" ? "" : `?lang=${lang}`}`;
    const feed = new Feed({
      id: self,
      title: t("statusFeedTitle"),
      description: t("statusFeedSubtitle"),
      link: `${origin}/${lang}`,
      feed: self,
      language: lang,
      author: { name: t("senderName") },
      // The newest event's time, not the clock: an unchanged feed keeps its ETag.
      updated: events[0]?.recordedAt ?? new Date(0),
      generator: "Corridor",
    });
    for (const e of events) {
      // Valid until the status stops being fresh, by the same rule every other output uses.
      const until = routeFreshness({ status: e.status, statusConfirmedAt: e.confirmedAt, freshnessWindowHours: e.freshnessWindowHours }, e.confirmedAt).staleAt!;
      const route = t("routeName", { origin: localizedName(e.route.origin, lang), destination: localizedName(e.route.destination, lang) });
      const reason = reasonSentence(e.reasonCodes, e.reason, lang);
      const summary = [
        t("statusEntrySummary", {
          status: status(e.status),
          time: formatPlaceDateTime(e.confirmedAt, lang),
          until: formatPlaceDateTime(until, lang),
        }),
        ...(reason ? [t("reason", { reason })] : []),
        // The chosen instructions in the feed's language, with full dates: an entry is read later.
        ...(e.instructions.length > 0 ? [instructionLabels(e.instructions, lang, (at) => formatPlaceDateTime(at, lang))] : []),
        // How sure: the kind of source the event named (never the source) and whether it re-confirmed.
        confidenceText({ sourceKind: e.sourceKind, reconfirmed: e.kind === "confirm", flagVerification: null }, lang) + ".",
      ].join(" ");
      feed.addItem({
        id: `urn:uuid:${e.id}`,
        // The validity is in the title too: feed readers and chat bridges often show only the title.
        title: escapeHtml(t("statusHeadlineUntil", { route, status: status(e.status), until: formatPlaceDateTime(until, lang) })),
        // The route's page in the feed's language, where a reader sees what holds now (the event
        // may be long superseded); the CAP alerts are in /feeds/cap.atom.
        link: `${origin}/${lang}/routes/${e.route.slug}`,
        date: e.recordedAt,
        published: e.confirmedAt,
        description: escapeHtml(summary),
      });
    }
    return publicResponse(request, withAtomLanguage(feed.atom1(), lang), CONTENT_TYPES.atom);
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
