import { create } from "xmlbuilder2";
import { getDb } from "@/db";
import { listPublicCorridorWindows, listPublicWithdrawnCorridorWindows } from "@/db/public/corridor-windows";
import { listLatestPublicStatusEvents } from "@/db/public/status-events";
import { capText } from "@/lib/cap-text";
import { CONTENT_TYPES, publicOptions, publicResponse } from "@/server/http/public-response";
import { READ_ONLY, withApiErrors } from "@/server/http/problem";
import { parseQuery } from "@/server/http/query";
import { feedQuery } from "../schemas";
import { localizedName } from "@/lib/localized-name";
import { capMessageFile } from "@/lib/cap";
import { nextTimeBasedChange } from "@/lib/next-change";
import { formatPlaceDateTime } from "@/lib/time";
import { siteOrigin } from "../origin";

export const dynamic = "force-dynamic";

const ATOM = "http://www.w3.org/2005/Atom";

type Entry = { id: string; title: string; updated: Date; href: string };

/**
 * Atom index of the CAP alerts in force: each route's newest status event while it is fresh, each
 * agreed corridor window that has not ended, and the Cancel of each withdrawn window until the
 * time it would have ended. Entries link the alert with
 * type="application/cap+xml" (what CAP aggregators look for). Built with xmlbuilder2 because the
 * `feed` library cannot give an entry link a type. Titles: ?lang=uk|ru|en, English by default;
 * the alerts themselves carry all three languages.
 */
export async function GET(request: Request) {
  const query = parseQuery(request, feedQuery);
  if (!query.ok) return query.response;
  const lang = query.value.lang ?? "en";
  return withApiErrors(request, async () => {
    const { t, status } = capText(lang);
    const origin = siteOrigin(request);
    const now = new Date();
    const db = await getDb();
    const [events, windows, withdrawn] = await Promise.all([
      listLatestPublicStatusEvents(db),
      listPublicCorridorWindows(db, { now }),
      listPublicWithdrawnCorridorWindows(db, { now }),
    ]);

    const entries: Entry[] = [
      ...events
        .filter((e) => e.confirmedAt.getTime() + e.freshnessWindowHours * 3_600_000 > now.getTime())
        .map((e) => ({
          id: `urn:uuid:${e.id}`,
          title: t("statusHeadline", {
            route: t("routeName", { origin: localizedName(e.route.origin, lang), destination: localizedName(e.route.destination, lang) }),
            status: status(e.status),
          }),
          updated: e.recordedAt,
          href: `${origin}/feeds/cap/${e.id}.xml`,
        })),
      ...windows.map((w) => ({
        id: `urn:uuid:${w.id}`,
        title: t("corridorHeadline", {
          routes: w.routes.map((r) => t("routeName", { origin: localizedName(r.origin, lang), destination: localizedName(r.destination, lang) })).join("; "),
          start: formatPlaceDateTime(w.windowStart, lang),
          end: formatPlaceDateTime(w.windowEnd, lang),
        }),
        updated: w.updatedAt,
        href: `${origin}/feeds/cap/${w.id}.xml`,
      })),
      // A withdrawn window's Cancel, at its own address, for as long as the window would have
      // lasted; the entry keeps the window's id, so a reader sees its alert's entry replaced.
      ...withdrawn.map((w) => {
        const cancel = w.published[w.published.length - 1]!;
        return {
          id: `urn:uuid:${w.id}`,
          title: t("corridorCancelHeadline", { start: formatPlaceDateTime(w.windowStart, lang), end: formatPlaceDateTime(w.windowEnd, lang) }),
          updated: cancel.sentAt,
          href: `${origin}/feeds/cap/${capMessageFile(w.id, cancel.version)}`,
        };
      }),
    ].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id));

    const self = `${origin}/feeds/cap.atom${lang === "en" ? "" : `?lang=${lang}`}`;
    const feed = create({ version: "1.0", encoding: "UTF-8" }).ele(ATOM, "feed").att("xml:lang", lang);
    feed.ele("id").txt(self).up();
    feed.ele("title").txt(t("capFeedTitle")).up();
    feed.ele("subtitle").txt(t("capFeedSubtitle")).up();
    // The newest alert's time, not the clock: an unchanged index keeps its ETag.
    feed.ele("updated").txt((entries[0]?.updated ?? new Date(0)).toISOString()).up();
    feed.ele("author").ele("name").txt(t("senderName")).up().up();
    feed.ele("link").att({ rel: "self", href: self }).up();
    feed.ele("link").att({ rel: "alternate", href: `${origin}/${lang}` }).up();
    for (const e of entries) {
      const entry = feed.ele("entry");
      entry.ele("id").txt(e.id).up();
      entry.ele("title").txt(e.title).up();
      entry.ele("updated").txt(e.updated.toISOString()).up();
      entry.ele("link").att({ rel: "alternate", type: "application/cap+xml", href: e.href }).up();
      entry.up();
    }
    // Entries leave the index by the clock alone: a status at the end of its freshness, a window
    // (or a withdrawn window's Cancel) at its end.
    const nextChange = nextTimeBasedChange(now, { events, instants: [...windows, ...withdrawn].map((w) => w.windowEnd) });
    return publicResponse(request, feed.end({ prettyPrint: true }), CONTENT_TYPES.atom, { nextChange });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
