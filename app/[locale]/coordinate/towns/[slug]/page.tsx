import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { pointFieldLabels } from "@/components/map/labels";
import { getDb } from "@/db";
import { getTownForEdit, listOblasts, listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { SLUG_PATTERN } from "@/lib/slug";
import { localizedName } from "@/lib/localized-name";
import { mapTownsOf } from "../map-towns";
import { DeleteTownForm, TownForm } from "../town-form";

export const dynamic = "force-dynamic";

export default async function TownPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const user = await requireUser("coordinator");
  // Only a well-formed slug reaches the database (a NUL in the path would make it refuse the query).
  if (!SLUG_PATTERN.test(slug)) notFound();
  const db = await getDb();
  const [town, oblasts, towns] = await Promise.all([getTownForEdit(db, user, slug), listOblasts(db, user), listTownPoints(db, user)]);
  if (!town) notFound();
  const { saved } = await searchParams;
  const t = await getTranslations("coordinate");
  return (
    <main id="main">
      <h1>{t("editTownTitle", { town: localizedName(town, locale) })}</h1>
      {saved === "1" && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t("savedTown")}
        </p>
      )}
      <p>
        <Link href={`/coordinate/routes?origin=${town.slug}`}>{t("routesTitle")}</Link> ·{" "}
        <Link href={`/coordinate/notices/new?town=${town.id}`}>{t("newNotice")}</Link>
      </p>
      <TownForm
        town={town}
        oblasts={oblasts.map((o) => ({ id: o.id, name: localizedName(o, locale) }))}
        towns={mapTownsOf(towns, locale)}
        tiles={getMapTiles()}
        mapLabels={await pointFieldLabels()}
       
      />
      <DeleteTownForm id={town.id} version={town.version} />
    </main>
  );
}
