import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { RouteTownPicker } from "@/components/forms/route-town-picker";
import { pageLocale } from "@/i18n/page-locale";
import { incidentFormOptions } from "../form-options";
import { IncidentForm } from "../incident-form";

export const dynamic = "force-dynamic";

export default async function NewIncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const t = await getTranslations("incidents");
  const { picker, ...options } = await incidentFormOptions(user, locale, { searchParams: await searchParams, include: [], basePath: "/coordinate/incidents/new" });
  return (
    <main id="main">
      <h1>{t("newTitle")}</h1>
      <p className="intro">{t("newIntro")}</p>
      <RouteTownPicker {...picker} />
      <IncidentForm {...options} />
    </main>
  );
}
