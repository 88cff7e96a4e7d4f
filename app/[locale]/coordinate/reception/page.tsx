import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { listReceptionPoints } from "@/db/queries/reception-points";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { receptionReport } from "@/lib/reception-report";
import { receptionReportText } from "@/lib/reception-report-text";
import { ConfirmReceptionPointForm } from "./reception-form";

export const dynamic = "force-dynamic";

export default async function ReceptionPointsPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ saved?: string; confirmed?: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const points = await listReceptionPoints(await getDb(), user);
  const { saved, confirmed } = await searchParams;
  const t = await getTranslations("receptionStaff");
  const now = new Date();
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      {(saved === "1" || confirmed === "1") && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {saved === "1" ? t("saved") : t("confirmed")}
        </p>
      )}
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/reception/new" className="button">
          {t("new")}
        </Link>
      </p>
      {points.length === 0 && <p>{t("none")}</p>}
      <ul className="notice-list">
        {points.map((p) => {
          const report = receptionReport(p, now);
          const text = receptionReportText(report, locale);
          return (
            <li key={p.id} className="notice" data-reception-point={p.id}>
              <h2>
                <LocalizedTextView value={p.name} /> · {localizedName({ nameUk: p.townNameUk, nameRu: p.townNameRu, nameEn: p.townNameEn }, locale)}
              </h2>
              <p>
                <strong>{text.status}</strong> · {text.beds}
              </p>
              <p className={report.fresh ? "meta" : "meta freshness stale"}>
                {text.confirmation} · {t("keptBy", { organisation: p.organisation })}
              </p>
              {p.canEdit && <ConfirmReceptionPointForm id={p.id} version={p.version} />}
              <p>
                <Link href={`/coordinate/reception/${p.id}`}>{p.canEdit ? t("edit") : t("view")}</Link>
              </p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
