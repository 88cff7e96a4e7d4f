import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { RouteTownPicker } from "@/components/forms/route-town-picker";
import { getDb } from "@/db";
import { getIncidentForCoordinator } from "@/db/queries/incidents";
import { pageLocale } from "@/i18n/page-locale";
import { toPlaceLocalInput } from "@/lib/time";
import { incidentFormOptions } from "../../form-options";
import { IncidentForm } from "../../incident-form";
import { mayEdit } from "../../may-edit";

export const dynamic = "force-dynamic";

export default async function EditIncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
  // The routes it names stay offered (and ticked) whatever town is chosen to add others.
  const { picker, chosenTownId: _chosenTownId, ...options } = await incidentFormOptions(user, locale, {
    searchParams: await searchParams,
    include: incident.routes.map((r) => r.id),
    basePath: `/coordinate/incidents/${incident.id}/edit`,
  });
  return (
    <main id="main">
      <h1>{t("editTitle")}</h1>
      <RouteTownPicker {...picker} />
      <IncidentForm
        {...options}
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
