import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { PublicAreaNotice } from "@/db/public/types";
import { LocalizedTextView } from "@/components/status/localized-text";
import { localizedName, noticeText } from "@/lib/localized-name";
import { formatPlaceDayTime } from "@/lib/time";

/**
 * Area notices in force, as on the home page: the area, the text (marked if in another language),
 * when issued. `more`: said after them when they are the newest of more (pages listing many areas
 * show a bounded number), with where the rest are.
 */
export function AreaNotices({ notices, locale, title, more }: { notices: PublicAreaNotice[]; locale: string; title: string; more?: ReactNode }) {
  const t = useTranslations("home");
  return (
    <section aria-labelledby="notices-title" className="notices">
      <h2 id="notices-title">{title}</h2>
      {notices.map((n) => {
        return (
          <article key={n.id} className={`notice notice-${n.severity}`}>
            <h3>
              <span aria-hidden="true">⚠ </span>
              {t("noticeFor", { area: localizedName(n.area, locale) })}
            </h3>
            <LocalizedTextView value={noticeText(n)} as="p" />
            <p className="meta">{t("noticeIssued", { time: formatPlaceDayTime(n.issuedAt, locale) })}</p>
          </article>
        );
      })}
      {more}
    </section>
  );
}
