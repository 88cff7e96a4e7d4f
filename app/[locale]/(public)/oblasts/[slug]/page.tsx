import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { reportPageNextChange } from "@/components/public/next-change";
import { PlaceList } from "@/components/public/place-list";
import { TownSearchForm } from "@/components/public/town-search-form";
import { getDb } from "@/db";
import { AreaNotices } from "@/components/public/area-notices";
import { countActiveAreaNoticesByOblast, listActiveAreaNotices, OBLAST_NOTICES_MAX } from "@/db/public/notices";
import { getPublicOblastView } from "@/db/public/oblasts";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { getPathname } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { SLUG_PATTERN } from "@/lib/slug";
import { formatPlaceDateTime } from "@/lib/time";
import { liteHref } from "@/server/lite/render";

// An oblast's towns with routes out, each with how many are open, closed or unconfirmed now:
// the step between the home page's oblasts and a town's own page. Rendered on every request.
export const dynamic = "force-dynamic";

type Params = Promise<{ locale: string; slug: string }>;

/** One read per request, shared by the metadata and the page, at one instant. */
const loadOblast = cache(async (slug: string, at: number) => {
  if (!SLUG_PATTERN.test(slug)) return null;
  const db = await getDb();
  const now = new Date(at);
  const [view, notices, noticeCounts] = await Promise.all([
    getPublicOblastView(db, { slug, now }),
    listActiveAreaNotices(db, { now, oblast: slug, limit: OBLAST_NOTICES_MAX }),
    countActiveAreaNoticesByOblast(db, { now }),
  ]);
  return view && { ...view, notices, noticeTotal: noticeCounts.get(slug) ?? 0 };
});
const requestInstant = cache(() => Date.now());

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const view = await loadOblast(slug, requestInstant());
  if (!view) return {};
  const t = await getTranslations("oblast");
  const oblast = localizedName(view.oblast, locale);
  return { title: t("metaTitle", { oblast }), description: t("metaDescription", { oblast }) };
}

export default async function OblastPage({ params }: { params: Params }) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const at = requestInstant();
  const view = await loadOblast(slug, at);
  if (!view) notFound();
  const now = new Date(at);
  const t = await getTranslations("oblast");
  const th = await getTranslations("home");
  const oblast = localizedName(view.oblast, locale);
  await reportPageNextChange({ now, routes: [], notices: "all", instants: [view.nextStaleAt] });
  return (
    <>
      <SiteHeader liteHref={liteHref.oblast(locale, view.oblast.slug)} />
      <main id="main">
        <p>
          <Link href="/" className="main-link">
            {t("allOblasts")}
          </Link>
        </p>
        <h1>{oblast}</h1>
        <TownSearchForm action={getPathname({ href: "/", locale })} query="" />
        <section aria-labelledby="towns-title">
          <h2 id="towns-title">{t("townsTitle", { oblast })}</h2>
          {view.towns.length === 0 && <p>{t("noTowns", { oblast })}</p>}
          <PlaceList
            id="towns"
            locale={locale}
            hrefOf={(town) => `/towns/${town}`}
            places={view.towns.map((town) => ({ ...town, detail: t("routeCount", { count: town.routeCount }) }))}
          />
        </section>
        {view.notices.length > 0 && (
          <AreaNotices
            notices={view.notices}
            locale={locale}
            title={th("noticesTitle")}
            more={view.noticeTotal > view.notices.length && <p data-notices-total={view.noticeTotal}>{t("noticesMore", { shown: view.notices.length, total: view.noticeTotal })}</p>}
          />
        )}
        <p className="generated">{th("generatedAt", { time: formatPlaceDateTime(now, locale) })}</p>
      </main>
    </>
  );
}
