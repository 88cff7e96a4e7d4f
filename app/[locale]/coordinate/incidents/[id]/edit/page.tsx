import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getIncidentForCoordinator } from "@/db/queries/incidents";
import { pageLocale } from "@/i18n/page-locale";
import { toPlaceLocalInput } from "@/lib/time";
import { incidentFormOptions } from "../../form-options";
import { IncidentForm } from "../../incident-form";
import { mayEdit } from "../../may-edit";

export const dynamic = "force-dynamic";

export default async function EditIncidentPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncidentForCoordinator(await getDb(), user, id);
  if (!incident) notFound();
  const t = await getTranslations("incidents");
  if (!mayEdit(incident, user)) {
    return (
      <main id="main">
        <h1>{t("editTitle")}</h1>
        <p>{t("reviewedByAdmin")}</p>
      </main>
    );
  }
  return (
    <main id="main">
      <h1>{t("editTitle")}</h1>
      <IncidentForm
        {...await incidentFormOptions(user, locale)}
        incident={{
          ...incident,
          townId: incident.townId ?? "",
          occurredAt: toPlaceLocalInput(incident.occurredAt),
          sources: incident.sources.map((s) => ({ kind: s.kind, outlet: s.outlet, url: s.url ?? "", publishedAt: s.publishedAt ? toPlaceLocalInput(s.publishedAt) : "" })),
          routeIds: incident.routes.map((r) => r.id),
          agreementIds: incident.agreements.map((a) => a.id),
        }}
      />
    </main>
  );
}
