import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTransportRuns } from "@/db/queries/transport-runs";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { RunAlert, RunFacts } from "./run-summary";

export const dynamic = "force-dynamic";

/** The organisation's runs, soonest first: only its own, never another organisation's. */
export default async function RunsPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const runs = await listTransportRuns(await getDb(), user);
  const t = await getTranslations("runs");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/runs/new" className="button">
          {t("newRun")}
        </Link>
      </p>
      {runs.length === 0 && <p>{t("none")}</p>}
      <ul className="run-list">
        {runs.map((run) => (
          <li key={run.id} className="run" data-run={run.id}>
            <h2>
              <Link href={`/coordinate/runs/${run.id}`}>{t("runHeading", { reference: run.referenceCode, vehicle: t(`vehicle_${run.vehicle}`) })}</Link>
            </h2>
            <RunAlert run={run} />
            <RunFacts run={run} locale={locale} />
          </li>
        ))}
      </ul>
    </main>
  );
}
