import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listOrganisations } from "@/db/queries/organisations";
import { pageLocale } from "@/i18n/page-locale";
import { AccountCreateForm } from "../account-forms";

export const dynamic = "force-dynamic";

export default async function NewAccountPage({ params }: { params: Promise<{ locale: string }> }) {
  await pageLocale(params);
  const user = await requireUser("admin");
  const organisations = await listOrganisations(await getDb(), user);
  const t = await getTranslations("accounts");
  return (
    <main id="main">
      <h1>{t("newTitle")}</h1>
      <AccountCreateForm organisations={organisations.map((o) => ({ value: o.id, label: o.shortName }))} />
    </main>
  );
}
