import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { pointFieldLabels } from "@/components/map/labels";
import { getDb } from "@/db";
import { listOblasts, listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { mapTownsOf } from "../map-towns";
import { TownForm } from "../town-form";

export const dynamic = "force-dynamic";

export default async function NewTownPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const db = await getDb();
  const [oblasts, towns] = await Promise.all([listOblasts(db, user), listTownPoints(db, user)]);
  const t = await getTranslations("coordinate");
  return (
    <main id="main">
      <h1>{t("newTownTitle")}</h1>
      <TownForm
        oblasts={oblasts.map((o) => ({ id: o.id, name: localizedName(o, locale) }))}
        towns={mapTownsOf(towns, locale)}
        tiles={getMapTiles()}
        mapLabels={await pointFieldLabels()}
       
      />
    </main>
  );
}
