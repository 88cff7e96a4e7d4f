import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTownPoints } from "@/db/queries/towns";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { HotlineForm } from "../hotline-form";

export const dynamic = "force-dynamic";

/** The hotline: a request taken on the phone, then its reference code to read back to the caller. */
export default async function NewRequestPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const towns = (await listTownPoints(await getDb(), user)).map((town) => ({ value: town.slug, label: localizedName(town, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  const t = await getTranslations("requests");
  return (
    <main id="main">
      <h1 id="hotline-title">{t("hotlineTitle")}</h1>
      <p className="intro">{t("hotlineIntro")}</p>
      <HotlineForm towns={towns} />
    </main>
  );
}
