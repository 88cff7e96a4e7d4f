import { useTranslations } from "next-intl";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { SiteHeader } from "./site-header";

/** A full page that explains a refusal or a missing page, and offers the way back to the routes. */
export function ErrorPage({ kind }: { kind: "forbidden" | "notFound" }) {
  const t = useTranslations("errors");
  return (
    <>
      <SiteHeader />
      <main id="main">
        <h1>{t(`${kind}Title`)}</h1>
        <p>{t(`${kind}Body`)}</p>
        <p>
          <Link href="/">{t("backHome")}</Link>
        </p>
      </main>
    </>
  );
}
