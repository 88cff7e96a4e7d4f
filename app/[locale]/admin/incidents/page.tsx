import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listIncidentsForReview } from "@/db/queries/incidents";
import { localizedName } from "@/lib/localized-name";
import { formatPlaceDateTime } from "@/lib/time";
import { pageLocale } from "@/i18n/page-locale";

export const dynamic = "force-dynamic";

export default async function AdminIncidentsPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const incidents = await listIncidentsForReview(await getDb(), user);
  const t = await getTranslations("admin");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tvis = await getTranslations("visibility");
  // Unknown is not zero: a blank count is shown as "unknown".
  const count = (n: number | null) => (n === null ? t("unknown") : String(n));
  return (
    <main id="main">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      {incidents.length === 0 && <p>{t("none")}</p>}
      <ul className="incidents">
        {incidents.map((i) => (
          <li key={i.id} className="incident">
            <h2>{tc(i.category)}</h2>
            <dl>
              <dt>{t("occurred")}</dt>
              <dd>{formatPlaceDateTime(i.occurredAt, locale)}</dd>
              <dt>{t("place")}</dt>
              <dd>{i.townEn ? localizedName({ nameUk: i.townUk!, nameRu: i.townRu!, nameEn: i.townEn }, locale) : "—"}</dd>
              <dt>{t("casualties")}</dt>
              <dd>
                {count(i.killed)} / {count(i.injured)} / {count(i.missing)}
              </dd>
              <dt>{t("verification")}</dt>
              <dd>
                <span className={`verification verification-${i.verification}`}>{tv(i.verification)}</span>
              </dd>
              <dt>{t("visibility")}</dt>
              <dd>{tvis(i.visibility)}</dd>
            </dl>
            <p>{i.publicSummary}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
