import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { pageLocale } from "@/i18n/page-locale";
import { AccountCreateForm } from "../account-forms";

export const dynamic = "force-dynamic";

export default async function NewAccountPage({ params }: { params: Promise<{ locale: string }> }) {
  await pageLocale(params);
  await requireUser("admin");
  const t = await getTranslations("accounts");
  return (
    <main id="main">
      <h1>{t("newTitle")}</h1>
      <AccountCreateForm />
    </main>
  );
}
