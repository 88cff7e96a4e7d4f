import { getTranslations } from "next-intl/server";
import { SiteHeader } from "@/components/layout/site-header";
import { reportPageNextChange } from "@/components/public/next-change";
import { PlaceList } from "@/components/public/place-list";
import { getDb } from "@/db";
import { AreaNotices } from "@/components/public/area-notices";
import { countActiveAreaNoticesByOblast, HOME_NOTICES_MAX, listActiveAreaNotices } from "@/db/public/notices";
import { listPublicOblastSummaries } from "@/db/public/oblasts";
import { nextPublicRouteStaleAt } from "@/db/public/routes";
import { listSearchableTowns } from "@/db/public/towns";
import type { PublicTown } from "@/db/public/types";
import { TownSearchForm } from "@/components/public/town-search-form";
import { getPathname } from "@/i18n/navigation";
import { MAX_QUERY_LENGTH, townMatcher, townNames } from "@/lib/town-search";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDateTime } from "@/lib/time";
import { pageLocale } from "@/i18n/page-locale";
import { liteHref } from "@/server/lite/render";

// Statuses change by the minute and freshness depends on the clock: render on every request,
// never at build time (which would also open the embedded database during `next build`).
export const dynamic = "force-dynamic";

// "Where is my town" first: the search box in the first screen, then the oblasts with how many
// routes out of each are open, closed or unconfirmed now, each leading to its towns' page. No
// page lists every town or every route: at national scale that was 2 MB of HTML.

/** The most towns whose names the home page carries for the search island's suggestions. */
const SUGGESTION_TOWNS_MAX = 60;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const locale = await pageLocale(params);
  const q = (await searchParams).q;
  const query = (Array.isArray(q) ? (q[0] ?? "") : (q ?? "")).trim().slice(0, MAX_QUERY_LENGTH);
  const db = await getDb();
  const now = new Date();
  const [oblasts, notices, noticeCounts, staleAt, searchable] = await Promise.all([
    listPublicOblastSummaries(db, { now }),
    // The newest few: at national scale dozens are in force, each on its oblast's and town's page.
    listActiveAreaNotices(db, { now, limit: HOME_NOTICES_MAX }),
    countActiveAreaNoticesByOblast(db, { now }),
    nextPublicRouteStaleAt(db, { now }),
    listSearchableTowns(db),
  ]);
  // As-you-type suggestions need every name in the page: worth it for a few dozen towns, not for
  // hundreds (a national list alone would pass the page's budget). Then the search answers on the server.
  const suggest = searchable.length <= SUGGESTION_TOWNS_MAX ? searchable : undefined;
  // The counts change when any route's status turns "unconfirmed".
  await reportPageNextChange({ now, routes: [], notices: "all", instants: [staleAt] });
  const t = await getTranslations("home");
  const to = await getTranslations("oblast");
  const ta = await getTranslations("askTransport");
  const noticeTotal = [...noticeCounts.values()].reduce((a, b) => a + b, 0);
  const oblastNotices = (slug: string) => {
    const n = noticeCounts.get(slug) ?? 0;
    return n > 0 ? " · " + t("oblastNotices", { count: n }) : "";
  };

  return (
    <>
      <SiteHeader liteHref={liteHref.home(locale)}>
        <Link href="/login" className="header-link">
          {(await getTranslations("nav"))("signIn")}
        </Link>
      </SiteHeader>
      <main id="main">
        <h1>{t("title")}</h1>
        <p className="intro">{t("searchFirst")}</p>
        <TownSearchForm action={getPathname({ href: "/", locale })} query={query} towns={suggest} />
        <p>
          {/* A plain link to the zero-JavaScript form (a route handler, never cached). */}
          <a href={liteHref.askTransport(locale)} className="main-link">
            {ta("linkText")}
          </a>
        </p>
        {query && <SearchResults query={query} towns={searchable} locale={locale} />}
        <section aria-labelledby="oblasts-title">
          <h2 id="oblasts-title">{t("oblastsTitle")}</h2>
          {oblasts.length === 0 && <p>{t("noRoutes")}</p>}
          <PlaceList
            id="oblasts"
            locale={locale}
            hrefOf={(slug) => `/oblasts/${slug}`}
            places={oblasts.map((o) => ({ ...o, detail: t("oblastTowns", { count: o.townCount }) + " · " + to("routeCount", { count: o.routeCount }) + oblastNotices(o.slug) }))}
          />
        </section>
        {notices.length > 0 && (
          <AreaNotices
            notices={notices}
            locale={locale}
            title={t("noticesTitle")}
            more={
              noticeTotal > notices.length && (
                <p data-notices-total={noticeTotal}>
                  {t("noticesMore", { shown: notices.length, total: noticeTotal })} <a href="#oblasts-title">{t("noticesChooseOblast")}</a>
                </p>
              )
            }
          />
        )}
        <p className="intro">{t("intro")}</p>
        <p className="generated">{t("generatedAt", { time: formatPlaceDateTime(now, locale) })}</p>
      </main>
    </>
  );
}

async function SearchResults({ query, towns, locale }: { query: string; towns: PublicTown[]; locale: string }) {
  const t = await getTranslations("search");
  const matches = townMatcher(towns)(query);
  return (
    <section aria-labelledby="search-title" className="search-results">
      <h2 id="search-title">{t("resultsTitle", { query })}</h2>
      {matches.length === 0 ? (
        <p role="status">{t("noResultsOblast", { query })}</p>
      ) : (
        <ul>
          {matches.map(({ town }) => {
            const name = localizedName(town, locale);
            // Say which spelling matched when it is not the one shown ("Северодонецк" on /en).
            const other = townNames(town).find((n) => n !== name && n.toLocaleLowerCase() === query.toLocaleLowerCase());
            return (
              <li key={town.slug}>
                {/* The oblast tells apart the many towns of one name (there are dozens of Ivanivkas). */}
                <Link href={`/towns/${town.slug}`}>{t("inOblast", { town: name, oblast: localizedName(town.oblast, locale) })}</Link>
                {other && <span className="meta"> ({t("alsoKnownAs", { name: other })})</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
