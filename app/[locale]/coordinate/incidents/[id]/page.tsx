import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { IncidentRecord } from "@/components/incidents/incident-record";
import { RevisionList } from "@/components/incidents/revision-list";
import { getDb } from "@/db";
import { getIncidentForCoordinator, listRevisionNames } from "@/db/queries/incidents";
import { listRoutesForCoordinators } from "@/db/queries/routes";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { mayEdit } from "../may-edit";

export const dynamic = "force-dynamic";

export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string; flagged?: string }>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const incident = await getIncidentForCoordinator(db, user, id);
  if (!incident) notFound();
  const names = await listRevisionNames(db, user, incident.revisions, locale);
  const { saved, flagged } = await searchParams;
  const flaggedSlugs = (flagged ?? "").split(",").filter((s) => /^[a-z0-9-]{1,120}$/.test(s));
  // The save reports flagged routes by slug (in the address); people call them by their towns.
  const flaggedRoutes = flaggedSlugs.length > 0 ? (await listRoutesForCoordinators(db, user)).filter((r) => flaggedSlugs.includes(r.slug)) : [];
  const flaggedLabels = flaggedRoutes.map((r) => `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`);
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  return (
    <main id="main" className="wide">
      <h1>{tc(incident.category)}</h1>
      {saved === "1" && (
        <div className="form-message form-message-ok" role="status">
          <p>
            <span aria-hidden="true">✓ </span>
            {t("saved")}
          </p>
          {flaggedLabels.length > 0 && <p>{t("flaggedRoutes", { routes: flaggedLabels.join(", ") })}</p>}
        </div>
      )}
      {mayEdit(incident, user) ? (
        <p>
          <Link href={`/coordinate/incidents/${incident.id}/edit`}>{t("edit")}</Link>
        </p>
      ) : (
        <p className="intro">{t("reviewedByAdmin")}</p>
      )}
      <IncidentRecord incident={incident} locale={locale} />
      <h2>{t("revisions")}</h2>
      <RevisionList revisions={incident.revisions} names={names} locale={locale} />
    </main>
  );
}
