import { getTranslations } from "next-intl/server";
import type { Db } from "@/db/client";
import { listTransportRunAlerts } from "@/db/queries/transport-runs";
import { Link } from "@/i18n/navigation";
import type { SessionUser } from "@/lib/session-user";

/**
 * The organisation's runs whose route was closed or flagged for an incident: at the top of the
 * dashboard, in words. Nobody on those runs is told anything until a coordinator decides.
 */
export async function RunAlerts({ db, user }: { db: Db; user: SessionUser }) {
  const runs = await listTransportRunAlerts(db, user);
  if (runs.length === 0) return null;
  const t = await getTranslations("runs");
  return (
    <section aria-labelledby="run-alerts-title" className="run-alerts" role="status">
      <h2 id="run-alerts-title">
        <span aria-hidden="true">⚠ </span>
        {t("dashboardAlerts")}
      </h2>
      <ul>
        {runs.map((run) => (
          <li key={run.id} data-run-alert={run.id}>
            <Link href={`/coordinate/runs/${run.id}`}>{t(`attention_${run.attention!}`, { reference: run.referenceCode })}</Link> {t("attentionNobodyTold")}
          </li>
        ))}
      </ul>
    </section>
  );
}
