import { hasLocale } from "next-intl";
import { getTranslations } from "next-intl/server";
import { routing } from "@/i18n/routing";

/**
 * The residents' pages. They register the service worker (public/sw.js), which keeps the pages a
 * resident has opened. When it answers from that copy (offline, or the network too slow), it
 * inserts "Offline: last updated HH:MM" (the time the copy was fetched) right after <body> in the
 * HTML itself, in the words of this hidden template: the banner shows before any JavaScript runs.
 * The template also names the offline island (islands/offline.ts), which registers the worker:
 * these pages are served without Next's client runtime (server/public-html), so it is not a
 * React component.
 */
export default async function PublicLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale: requested } = await params;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  const t = await getTranslations({ locale, namespace: "offline" });
  return (
    <>
      <p id="offline-banner-template" hidden data-island="offline" data-template={t("banner", { time: "{time}" })} data-stale={t("stale", { time: "{time}" })} />
      {children}
    </>
  );
}
