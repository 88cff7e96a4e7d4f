import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { RouteTownPicker } from "@/components/forms/route-town-picker";
import { LocalizedTextView } from "@/components/status/localized-text";
import { getDb } from "@/db";
import { getAgreementForEdit } from "@/db/queries/agreements";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { toPlaceLocalInput } from "@/lib/time";
import { AgreementForm } from "../../agreement-form";
import { loadRouteChoices } from "../../../route-choices";

export const dynamic = "force-dynamic";

export default async function EditAgreementPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("coordinator");
  // Only a well-formed id reaches the database.
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const agreement = await getAgreementForEdit(db, user, id.toLowerCase());
  if (!agreement) notFound();
  // The routes it covers stay offered (and ticked) whatever town is chosen to add others.
  const choices = await loadRouteChoices(db, user, locale, {
    searchParams: await searchParams,
    include: agreement.routeIds,
    basePath: `/coordinate/agreements/${agreement.id}/edit`,
  });
  const t = await getTranslations("agreements");
  return (
    <main id="main">
      <h1>
        {t("editAgreement")}: <LocalizedTextView value={agreement.title} />
      </h1>
      <p>
        <Link href={`/coordinate/agreements/${agreement.id}`}>{t("backToAgreement")}</Link>
      </p>
      <RouteTownPicker {...choices.picker} />
      <AgreementForm
        routes={choices.routes.map((r) => ({ value: r.id, label: r.label }))}
        townChosen={choices.townSlug !== undefined}
        agreement={{
          id: agreement.id,
          version: agreement.version,
          title: agreement.title,
          routeIds: agreement.routeIds,
          parties: agreement.parties.map((p) => ({ id: p.id, name: p.name, role: p.role, representative: p.representative })),
          windowStart: toPlaceLocalInput(agreement.windowStart),
          windowEnd: toPlaceLocalInput(agreement.windowEnd),
          terms: agreement.terms,
          sources: agreement.sources.map((s) => ({
            kind: s.kind,
            outlet: s.outlet,
            url: s.url ?? "",
            publishedAt: s.publishedAt ? toPlaceLocalInput(s.publishedAt) : "",
          })),
        }}
      />
    </main>
  );
}
