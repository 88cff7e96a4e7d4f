import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { listNoticesForCoordinators } from "@/db/queries/area-notices";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { formatStaffTime } from "@/lib/time";

export const dynamic = "force-dynamic";

export default async function NoticesPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ saved?: string; expired?: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const now = new Date();
  const notices = await listNoticesForCoordinators(await getDb(), user, now);
  const { saved, expired } = await searchParams;
  const t = await getTranslations("coordinate");
  return (
    <main id="main" className="wide">
      <h1>{t("noticesTitle")}</h1>
      {(saved === "1" || expired === "1") && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {saved === "1" ? t("savedNotice") : t("expiredNotice")}
        </p>
      )}
      <p>
        <Link href="/coordinate/notices/new" className="button">
          {t("newNotice")}
        </Link>
      </p>
      {notices.length === 0 && <p>{t("noNotices")}</p>}
      <ul className="notice-list">
        {notices.map((n) => {
          const place = n.town ?? n.oblast;
          const area = place ? localizedName(place, locale) : "—";
          return (
            <li key={n.id} className={`notice notice-${n.severity}`}>
              <h2>
                {area} · {t(`severity_${n.severity}`)}
              </h2>
              <LocalizedTextView value={{ uk: n.textUk, ru: n.textRu, en: n.textEn }} as="p" />
              <p className="meta">
                {t("issued", { time: formatStaffTime(n.issuedAt, locale) })} ·{" "}
                {n.inForce
                  ? n.expiresAt
                    ? `${t("inForce")}, ${t("endsAt", { time: formatStaffTime(n.expiresAt, locale) })}`
                    : t("inForce")
                  : t("ended", { time: n.expiresAt ? formatStaffTime(n.expiresAt, locale) : "—" })}
              </p>
              <p>
                <Link href={`/coordinate/notices/${n.id}`}>{t("edit")}</Link>
              </p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
