import { getTranslations } from "next-intl/server";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { listAgreementWindowsForRoute } from "@/db/queries/agreements";
import { Link } from "@/i18n/navigation";
import type { SessionUser } from "@/lib/session-user";
import { formatDuration } from "@/lib/time";
import { PhaseBadge, WindowRange } from "../../agreements/phase-badge";

/**
 * The agreed corridor windows covering this route that are open now or still to come, each with
 * its Kyiv local start and end and the time left ("Opens in 3 hours 20 minutes").
 */
export async function CorridorWindows({ routeId, user, now, locale }: { routeId: string; user: SessionUser; now: Date; locale: string }) {
  const windows = await listAgreementWindowsForRoute(await getDb(), user, routeId, now);
  const t = await getTranslations("agreements");
  return (
    <section aria-labelledby="corridor-windows-title">
      <h2 id="corridor-windows-title">{t("routeWindowsTitle")}</h2>
      {windows.length === 0 ? (
        <p>{t("routeWindowsNone")}</p>
      ) : (
        <ul className="corridor-windows">
          {windows.map((w) => (
            <li key={w.id} className="corridor-window" data-phase={w.phase}>
              <p>
                <PhaseBadge phase={w.phase} />{" "}
                <strong>{t(w.phase === "upcoming" ? "opensIn" : "closesIn", { duration: formatDuration(w.timeLeftMs, locale) })}</strong>
              </p>
              <p>
                <Link href={`/coordinate/agreements/${w.id}`}>
                  <LocalizedTextView value={w.title} />
                </Link>
              </p>
              <p className="meta">
                <WindowRange start={w.windowStart} end={w.windowEnd} locale={locale} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
