import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { SiteHeader } from "@/components/layout/site-header";
import { NextChange } from "@/components/public/next-change";
import { RouteStatus } from "@/components/status/route-status";
import { getDb } from "@/db";
import { AreaNotices } from "@/components/public/area-notices";
import { listActiveAreaNotices } from "@/db/public/notices";
import { listPublicRoutes } from "@/db/public/routes";
import { listSearchableTowns } from "@/db/public/towns";
import type { PublicRoute, PublicTown } from "@/db/public/types";
import { TownSearchForm } from "@/components/public/town-search-form";
import { getPathname } from "@/i18n/navigation";
import { MAX_QUERY_LENGTH, townMatcher, townNames } from "@/lib/town-search";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDateTime } from "@/lib/time";
import { pageLocale } from "@/i18n/page-locale";
import { liteHref } from "@/server/lite/render";
import { statusConfidence } from "@/lib/status-confidence";

// Statuses change by the minute and freshness depends on the clock: render on every request,
// never at build time (which would also open the embedded database during `next build`).
export const dynamic = "force-dynamic";

type TownGroup = { slug: string; name: string; routes: PublicRoute[] };

function groupByOrigin(routes: PublicRoute[], locale: string): TownGroup[] {
  const groups = new Map<string, TownGroup>();
  for (const route of routes) {
    const group = groups.get(route.origin.slug) ?? { slug: route.origin.slug, name: localizedName(route.origin, locale), routes: [] };
    group.routes.push(route);
    groups.set(route.origin.slug, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, locale));
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const locale = await pageLocale(params);
  const q = (await searchParams).q;
  const query = (Array.isArray(q) ? (q[0] ?? "") : (q ?? "")).trim().slice(0, MAX_QUERY_LENGTH);
  const db = await getDb();
  const now = new Date();
  const [routes, notices, searchable] = await Promise.all([
    listPublicRoutes(db),
    listActiveAreaNotices(db, { now }),
    // Also the search box's suggestions (islands/search.ts): a few dozen names, in the page.
    listSearchableTowns(db),
  ]);
  const t = await getTranslations("home");
  const ta = await getTranslations("askTransport");
  const towns = groupByOrigin(routes, locale);

  return (
    <>
      <SiteHeader liteHref={liteHref.home(locale)}>
        <Link href="/login" className="header-link">
          {(await getTranslations("nav"))("signIn")}
        </Link>
      </SiteHeader>
      <main id="main">
        <NextChange now={now} routes={routes} notices="all" />
        <h1>{t("title")}</h1>
        <p className="intro">{t("intro")}</p>
        <p>
          {/* A plain link to the zero-JavaScript form (a route handler, never cached). */}
          <a href={liteHref.askTransport(locale)} className="main-link">
            {ta("linkText")}
          </a>
        </p>
        {notices.length > 0 && <AreaNotices notices={notices} locale={locale} title={t("noticesTitle")} />}
        <TownSearchForm action={getPathname({ href: "/", locale })} query={query} towns={searchable} />
        {query && <SearchResults query={query} towns={searchable} locale={locale} />}
        <section aria-labelledby="towns-title">
          <h2 id="towns-title">{t("townsTitle")}</h2>
          {towns.length === 0 && <p>{t("noRoutes")}</p>}
          {towns.map((town) => (
            <section key={town.slug} className="town" aria-labelledby={`town-${town.slug}`}>
              <h3 id={`town-${town.slug}`}>
                <Link href={`/towns/${town.slug}`}>{town.name}</Link>
              </h3>
              <ul className="routes">
                {town.routes.map((route) => (
                  <RouteItem key={route.slug} route={route} now={now} locale={locale} />
                ))}
              </ul>
            </section>
          ))}
        </section>
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
        <p role="status">{t("noResults", { query })}</p>
      ) : (
        <ul>
          {matches.map(({ town }) => {
            const name = localizedName(town, locale);
            // Say which spelling matched when it is not the one shown ("Северодонецк" on /en).
            const other = townNames(town).find((n) => n !== name && n.toLocaleLowerCase() === query.toLocaleLowerCase());
            return (
              <li key={town.slug}>
                <Link href={`/towns/${town.slug}`}>{name}</Link>
                {other && <span className="meta"> ({t("alsoKnownAs", { name: other })})</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function RouteItem({ route, now, locale }: { route: PublicRoute; now: Date; locale: string }) {
  const t = useTranslations("home");
  const tm = useTranslations("mode");
  return (
    <li className="route" data-route={route.slug}>
      <p className="route-title">
        <strong>{t("routeTo", { town: localizedName(route.destination, locale) })}</strong>
        <span className="mode"> · {tm(route.mode)}</span>
      </p>
      <RouteStatus route={route} now={now} flagged={route.flaggedForReview} confidence={statusConfidence(route)} />
    </li>
  );
}
