import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTransportRequestPool, type PoolRequest } from "@/db/queries/transport-requests";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { ClaimButton } from "./request-forms";
import { RequestFacts } from "./request-facts";

export const dynamic = "force-dynamic";

/**
 * The shared pool: every open request, by town, with its needs and who has claimed it. Nothing
 * here identifies or finds anyone; the details are on a request's page, for its claimant only.
 */
export default async function RequestPoolPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const now = new Date();
  const pool = await listTransportRequestPool(await getDb(), user, { now });
  const t = await getTranslations("requests");
  const byTown = new Map<string, PoolRequest[]>();
  for (const r of pool) byTown.set(r.townSlug, [...(byTown.get(r.townSlug) ?? []), r]);
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/requests/new" className="button">
          {t("newRequest")}
        </Link>
      </p>
      {pool.length === 0 && <p>{t("none")}</p>}
      {[...byTown.values()].map((requests) => {
        const town = localizedName(requests[0]!.townName, locale);
        const unclaimed = requests.filter((r) => r.claimedBy === null).length;
        const headingId = `town-${requests[0]!.townSlug}`;
        return (
          <section key={headingId} aria-labelledby={headingId} className="request-town" data-town={requests[0]!.townSlug}>
            <h2 id={headingId}>{town}</h2>
            <p className="request-counts">{t("counts", { open: requests.length, unclaimed })}</p>
            <ul className="request-list">
              {requests.map((r, i) => (
                <li key={r.id} className="request" data-request={r.id}>
                  <RequestFacts request={r} now={now} />
                  <p>
                    <Link href={`/coordinate/requests/${r.id}`}>{t("open", { n: i + 1, town })}</Link>
                  </p>
                  {(r.claimedBy === null || (r.claimStale && !r.claimedByMe)) && <ClaimButton id={r.id} version={r.version} takeOver={r.claimedBy !== null} />}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}
