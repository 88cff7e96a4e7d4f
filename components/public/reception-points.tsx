import { useTranslations } from "next-intl";
import type { PublicReceptionPoint } from "@/db/public/types";
import { LocalizedTextView } from "@/components/status/localized-text";
import { receptionReportText } from "@/lib/reception-report-text";

/**
 * The reception points of a destination town, each as its report says at the page's instant
 * (lib/reception-report.ts): free beds only while confirmed recently, never by colour alone.
 */
export function ReceptionPoints({ points, town, locale }: { points: PublicReceptionPoint[]; town: string; locale: string }) {
  const t = useTranslations("receptionReport");
  return (
    <section aria-labelledby="reception-title" className="reception-points">
      <h2 id="reception-title">{t("title")}</h2>
      {points.length === 0 && <p>{t("none", { town })}</p>}
      <ul className="reception-list">
        {points.map((point) => {
          const report = point.report;
          const text = receptionReportText(report, locale);
          return (
            <li key={point.id} className="reception-point" data-reception-point={point.id} data-reception-status={report.status} data-fresh={report.fresh}>
              <h3>
                <LocalizedTextView value={point.name} />
              </h3>
              <p className="reception-status">
                <strong>{text.status}</strong>
                {text.warning && <> · {text.warning}</>}
              </p>
              <p className="reception-beds">{text.beds}</p>
              <p className={report.fresh ? "freshness" : "freshness stale"}>{text.confirmation}</p>
              {text.services && <p>{t("services", { list: text.services })}</p>}
              <p>
                {t("addressLabel")} <LocalizedTextView value={point.address} />
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
