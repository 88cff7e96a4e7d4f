import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getOrganisation } from "@/db/queries/organisations";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { isUuidText } from "@/lib/uuid-text";
import { recordProof } from "@/server/security/record-proof";
import { OrganisationForm } from "../organisation-form";

export const dynamic = "force-dynamic";

const SAVED = ["created", "updated"] as const;

export default async function OrganisationPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("admin");
  // Only a well-formed id reaches the database.
  if (!isUuidText(id)) notFound();
  const organisation = await getOrganisation(await getDb(), user, id.toLowerCase());
  if (!organisation) notFound();
  const query = await searchParams;
  const saved = SAVED.find((s) => s === query.saved);
  const t = await getTranslations("organisations");
  return (
    <main id="main">
      <p>
        <Link href="/admin/organisations">{t("backToList")}</Link>
      </p>
      <h1>{t("organisationTitle", { name: organisation.shortName })}</h1>
      {saved && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`saved_${saved}`)}
        </p>
      )}
      <OrganisationForm organisation={{ ...organisation, recordProof: recordProof("organisation", organisation.id) }} />
    </main>
  );
}
