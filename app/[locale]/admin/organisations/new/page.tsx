import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { OrganisationForm } from "../organisation-form";

export const dynamic = "force-dynamic";

export default async function NewOrganisationPage({ params }: { params: Promise<{ locale: string }> }) {
  await pageLocale(params);
  await requireUser("admin");
  const t = await getTranslations("organisations");
  return (
    <main id="main">
      <p>
        <Link href="/admin/organisations">{t("backToList")}</Link>
      </p>
      <h1>{t("newTitle")}</h1>
      <OrganisationForm />
    </main>
  );
}
