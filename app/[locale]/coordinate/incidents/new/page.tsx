import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { pageLocale } from "@/i18n/page-locale";
import { incidentFormOptions } from "../form-options";
import { IncidentForm } from "../incident-form";

export const dynamic = "force-dynamic";

export default async function NewIncidentPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const t = await getTranslations("incidents");
  return (
    <main id="main">
      <h1>{t("newTitle")}</h1>
      <p className="intro">{t("newIntro")}</p>
      <IncidentForm {...await incidentFormOptions(user, locale)} />
    </main>
  );
}
