import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { listAgreementsForCoordinators } from "@/db/queries/agreements";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { AgreementPhaseLine, WindowRange } from "./phase-badge";

export const dynamic = "force-dynamic";

/** Every corridor agreement, newest first, with its phase at this moment and the routes it covers. */
export default async function AgreementsPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const agreements = await listAgreementsForCoordinators(await getDb(), user);
  const now = new Date();
  const t = await getTranslations("agreements");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/agreements/new" className="button">
          {t("newAgreement")}
        </Link>
      </p>
      {agreements.length === 0 && <p>{t("none")}</p>}
      <ul className="agreement-list">
        {agreements.map((a) => (
          <li key={a.id} className="agreement" data-agreement={a.id}>
            <h2>
              <Link href={`/coordinate/agreements/${a.id}`}>
                <LocalizedTextView value={a.title} />
              </Link>
            </h2>
            <AgreementPhaseLine agreement={a} now={now} locale={locale} />
            <p>
              {t("windowLabel")}: <WindowRange start={a.windowStart} end={a.windowEnd} locale={locale} />
            </p>
            <p>
              {t("routesLabel")}:{" "}
              {a.routes.length > 0 ? a.routes.map((r) => `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`).join(", ") : "—"}
            </p>
            <p className="meta">
              {t("partiesLabel")}: {a.parties.length > 0 ? a.parties.map((p) => p.name).join(", ") : "—"}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
