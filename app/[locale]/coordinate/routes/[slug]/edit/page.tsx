import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { listOrganisations } from "@/db/queries/organisations";
import { listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { pointFieldLabels, waypointsFieldLabels } from "@/components/map/labels";
import { pageLocale } from "@/i18n/page-locale";
import { SLUG_PATTERN } from "@/lib/slug";
import { localizedName } from "@/lib/localized-name";
import { mapTownsOf } from "../../../towns/map-towns";
import { RouteForm } from "../../route-form";

export const dynamic = "force-dynamic";

export default async function EditRoutePage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const user = await requireUser("coordinator");
  // Only a well-formed slug reaches the database (a NUL in the path would make it refuse the query).
  if (!SLUG_PATTERN.test(slug)) notFound();
  const db = await getDb();
  const [route, towns, organisations] = await Promise.all([getRouteForCoordinator(db, user, slug), listTownPoints(db, user), listOrganisations(db, user)]);
  if (!route) notFound();
  const t = await getTranslations("coordinate");
  const label = `${localizedName(route.origin, locale)} → ${localizedName(route.destination, locale)}`;
  return (
    <main id="main">
      <h1>{t("editRouteTitle", { route: label })}</h1>
      <RouteForm route={route} towns={mapTownsOf(towns, locale)} organisations={organisations.map((o) => ({ value: o.id, label: o.shortName }))} tiles={getMapTiles()} mapLabels={await waypointsFieldLabels()} pointLabels={await pointFieldLabels()} />
    </main>
  );
}
