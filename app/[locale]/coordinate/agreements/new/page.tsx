import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { pageLocale } from "@/i18n/page-locale";
import { AgreementForm } from "../agreement-form";
import { routeOptions } from "../agreement-options";

export const dynamic = "force-dynamic";

export default async function NewAgreementPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const routes = await routeOptions(await getDb(), user, locale);
  const t = await getTranslations("agreements");
  return (
    <main id="main">
      <h1>{t("newAgreementTitle")}</h1>
      <p className="intro">{t("newAgreementIntro")}</p>
      <AgreementForm routes={routes} />
    </main>
  );
}
