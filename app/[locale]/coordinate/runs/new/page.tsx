import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listReceptionPoints } from "@/db/queries/reception-points";
import { listTownPoints } from "@/db/queries/towns";
import { listRunRouteOptions } from "@/db/queries/transport-runs";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { shownText } from "@/lib/localized-text";
import { NewRunForm } from "../run-forms";

export const dynamic = "force-dynamic";

/** Plans a run: the vehicle and its places, a route of the organisation's or door-to-door pickups, when, and where to. */
export default async function NewRunPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const db = await getDb();
  const towns = (await listTownPoints(db, user)).map((town) => ({ value: town.slug, label: localizedName(town, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  const routes = (await listRunRouteOptions(db, user)).map((r) => ({ value: r.id, label: `${r.slug} (${localizedName(r.originName, locale)})` }));
  // Every point, named with its town: the form narrows them to the destination chosen, and
  // without a script the town in each label (and the data layer's refusal) has to do.
  const receptionPoints = (await listReceptionPoints(db, user)).map((p) => ({
    value: p.id,
    town: p.townSlug,
    label: `${localizedName({ nameUk: p.townNameUk, nameRu: p.townNameRu, nameEn: p.townNameEn }, locale)} · ${shownText(p.name, locale)?.text ?? ""}`,
  }));
  const t = await getTranslations("runs");
  return (
    <main id="main">
      <h1 id="new-run-title">{t("newRun")}</h1>
      <p className="intro">{t("newIntro")}</p>
      <NewRunForm towns={towns} routes={routes} receptionPoints={receptionPoints} />
    </main>
  );
}
