import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { listStateConflicts } from "@/db/queries/state-conflicts";
import { Link } from "@/i18n/navigation";
import { localizedName } from "@/lib/localized-name";
import { windowSpan } from "@/lib/route-report-text";
import type { SessionUser } from "@/lib/session-user";

/**
 * Top of the coordinators' dashboard: routes whose status reads against a corridor window that
 * started or ended since the status was last set (lib/route-report.ts stateConflict). Residents are
 * told the combined state meanwhile ("Corridor agreed …, but the route is closed"); a coordinator
 * settles it by confirming or changing the status, and the route leaves this list.
 */
export async function StateConflicts({ user, now, locale }: { user: SessionUser; now: Date; locale: string }) {
  const conflicts = await listStateConflicts(await getDb(), user, { now });
  if (conflicts.length === 0) return null;
  const t = await getTranslations("stateConflicts");
  return (
    <section aria-labelledby="state-conflicts-title" className="state-conflicts notice notice-warning">
      <h2 id="state-conflicts-title">
        <span aria-hidden="true">⚠ </span>
        {t("title", { count: conflicts.length })}
      </h2>
      <ul>
        {conflicts.map((c) => (
          <li key={c.routeId} data-conflict-route={c.slug} data-conflict={c.kind}>
            <Link href={`/coordinate/routes/${c.slug}`}>
              {localizedName(c.origin, locale)} → {localizedName(c.destination, locale)}
            </Link>
            : {t(c.kind, { span: windowSpan(c.windowStart, c.windowEnd, now, locale) })} {t("settle")}
          </li>
        ))}
      </ul>
    </section>
  );
}
