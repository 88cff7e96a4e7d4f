import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listOrganisations } from "@/db/queries/organisations";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";

export const dynamic = "force-dynamic";

export default async function OrganisationsPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const organisations = await listOrganisations(await getDb(), user);
  const t = await getTranslations("organisations");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p>
        <Link href="/admin/organisations/new" className="button">
          {t("new")}
        </Link>
      </p>
      {organisations.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="town-list">
          {organisations.map((o) => (
            <li key={o.id}>
              <Link href={`/admin/organisations/${o.id}`}>{o.shortName}</Link>
              <br />
              <span className="meta">{[localizedName(o, locale), o.publicContact].filter(Boolean).join(" · ")}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
