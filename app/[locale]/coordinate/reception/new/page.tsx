import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTownPoints } from "@/db/queries/towns";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { ReceptionPointForm } from "../reception-form";

export const dynamic = "force-dynamic";

export default async function NewReceptionPointPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const towns = await listTownPoints(await getDb(), user);
  const t = await getTranslations("receptionStaff");
  return (
    <main id="main">
      <h1>{t("new")}</h1>
      <ReceptionPointForm towns={towns.map((town) => ({ value: town.id, label: localizedName(town, locale) }))} />
    </main>
  );
}
