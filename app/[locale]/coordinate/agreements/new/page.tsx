import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { RouteTownPicker } from "@/components/forms/route-town-picker";
import { getDb } from "@/db";
import { pageLocale } from "@/i18n/page-locale";
import { AgreementForm } from "../agreement-form";
import { loadRouteChoices } from "../../route-choices";

export const dynamic = "force-dynamic";

export default async function NewAgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const choices = await loadRouteChoices(await getDb(), user, locale, { searchParams: await searchParams, include: [], basePath: "/coordinate/agreements/new" });
  const t = await getTranslations("agreements");
  return (
    <main id="main">
      <h1>{t("newAgreementTitle")}</h1>
      <p className="intro">{t("newAgreementIntro")}</p>
      <RouteTownPicker {...choices.picker} />
      <AgreementForm routes={choices.routes.map((r) => ({ value: r.id, label: r.label }))} townChosen={choices.townSlug !== undefined} />
    </main>
  );
}
