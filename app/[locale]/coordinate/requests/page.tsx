import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { pageTransportRequestPool, type PoolRequest } from "@/db/queries/transport-requests";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { ClaimButton } from "./request-forms";
import { RequestFacts } from "./request-facts";

export const dynamic = "force-dynamic";

// A town's slug and a request's id, or nothing: anything else is a stale or mistyped link, said so.
const querySchema = z.object({
  town: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
  after: z.uuid().optional(),
});
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The shared pool: the open requests, by town, a page at a time with the totals said, so a pool
 * of thousands is never cut short without a word. Nothing here identifies or finds anyone; the
 * details are on a request's page, for its claimant only.
 */
export default async function RequestPoolPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const query = await searchParams;
  const parsed = querySchema.safeParse({ town: one(query.town), after: one(query.after) });
  const { town, after } = parsed.success ? parsed.data : {};
  const now = new Date();
  const db = await getDb();
  const t = await getTranslations("requests");
  let pool = await pageTransportRequestPool(db, user, { townSlug: town, after, now });
  const staleLink = !parsed.success || pool === null;
  pool ??= await pageTransportRequestPool(db, user, { townSlug: town, now });
  const { requests, total, unclaimed, before, byTown, nextAfter } = pool!;
  const byTownRows = new Map<string, PoolRequest[]>();
  for (const r of requests) byTownRows.set(r.townSlug, [...(byTownRows.get(r.townSlug) ?? []), r]);
  const shownTown = town && requests[0] ? localizedName(requests[0].townName, locale) : town;
  const href = (q: { town?: string; after?: string }) => {
    const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
    return p.size > 0 ? `/coordinate/requests?${p}` : "/coordinate/requests";
  };
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/requests/new" className="button">
          {t("newRequest")}
        </Link>
      </p>
      {staleLink && (
        <p role="alert" className="notice">
          {t("poolBadLink")}
        </p>
      )}
      {town && (
        <p>
          {t("poolTownOnly", { town: shownTown ?? town })} <Link href={href({})}>{t("poolAllTowns")}</Link>
        </p>
      )}
      {total === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <p className="request-counts" data-pool-total={total}>
          {t("poolShowing", { from: before + 1, to: before + requests.length, total, unclaimed })}
        </p>
      )}
      {[...byTownRows.values()].map((rows) => {
        const slug = rows[0]!.townSlug;
        const name = localizedName(rows[0]!.townName, locale);
        const counts = byTown.get(slug) ?? { open: rows.length, unclaimed: rows.filter((r) => r.claimedBy === null).length };
        const headingId = `town-${slug}`;
        return (
          <section key={headingId} aria-labelledby={headingId} className="request-town" data-town={slug}>
            <h2 id={headingId}>{name}</h2>
            <p className="request-counts">
              {t("counts", { open: counts.open, unclaimed: counts.unclaimed })}
              {!town && counts.open > rows.length && (
                <>
                  {" "}
                  <Link href={href({ town: slug })}>{t("poolTownLink", { town: name })}</Link>
                </>
              )}
            </p>
            <ul className="request-list">
              {rows.map((r, i) => (
                <li key={r.id} className="request" data-request={r.id}>
                  <RequestFacts request={r} now={now} />
                  <p>
                    <Link href={`/coordinate/requests/${r.id}`}>{t("open", { n: i + 1, town: name })}</Link>
                  </p>
                  {(r.claimedBy === null || (r.claimStale && !r.claimedByMe)) && <ClaimButton id={r.id} version={r.version} takeOver={r.claimedBy !== null} />}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {(nextAfter || after) && (
        <nav aria-label={t("poolPages")} className="pagination">
          {after && !staleLink && <Link href={href({ town })}>{t("poolFirstPage")}</Link>}{" "}
          {nextAfter && <Link href={href({ town, after: nextAfter })}>{t("poolNextPage")}</Link>}
        </nav>
      )}
    </main>
  );
}
