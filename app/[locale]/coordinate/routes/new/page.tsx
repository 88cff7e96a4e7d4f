import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listOrganisations } from "@/db/queries/organisations";
import { listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { pointFieldLabels, waypointsFieldLabels } from "@/components/map/labels";
import { pageLocale } from "@/i18n/page-locale";
import { mapTownsOf } from "../../towns/map-towns";
import { RouteForm } from "../route-form";

export const dynamic = "force-dynamic";

export default async function NewRoutePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const db = await getDb();
  const [towns, organisations] = await Promise.all([listTownPoints(db, user), listOrganisations(db, user)]);
  const t = await getTranslations("coordinate");
  return (
    <main id="main">
      <h1>{t("newRouteTitle")}</h1>
      <p className="intro">{t("newRouteIntro")}</p>
      <RouteForm towns={mapTownsOf(towns, locale)} organisations={organisations.map((o) => ({ value: o.id, label: o.shortName }))} tiles={getMapTiles()} mapLabels={await waypointsFieldLabels()} pointLabels={await pointFieldLabels()} />
    </main>
  );
}
