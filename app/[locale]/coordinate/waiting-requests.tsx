import { getTranslations } from "next-intl/server";
import type { Db } from "@/db/client";
import { listTownsWaitingForTransport } from "@/db/queries/transport-requests";
import { Link } from "@/i18n/navigation";
import { localizedName } from "@/lib/localized-name";
import type { SessionUser } from "@/lib/session-user";
import { hasManyWaitingRequests } from "@/lib/transport-requests";

/**
 * The towns where people wait for transport with no organisation acting, most first: a town with
 * many is marked in words, not by colour alone. Counts only; the pool has the rest.
 */
export async function WaitingRequests({ db, user, now, locale }: { db: Db; user: SessionUser; now: Date; locale: string }) {
  const towns = await listTownsWaitingForTransport(db, user, { now });
  if (towns.length === 0) return null;
  const t = await getTranslations("coordinate");
  return (
    <section aria-labelledby="waiting-requests-title" className="waiting-requests">
      <h2 id="waiting-requests-title">{t("waitingTitle")}</h2>
      <ul>
        {towns.map((town) => (
          <li key={town.townSlug} data-town={town.townSlug}>
            {hasManyWaitingRequests(town.waiting) && (
              <strong>
                <span aria-hidden="true">⚠ </span>
                {t("waitingMany")}{" "}
              </strong>
            )}
            <Link href={`/coordinate/requests#town-${town.townSlug}`}>{localizedName(town.townName, locale)}</Link>
            {": "}
            {t("waitingCount", { waiting: town.waiting, stale: town.staleClaims })}
          </li>
        ))}
      </ul>
    </section>
  );
}
