import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTownsForCoordinators } from "@/db/queries/towns";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";

export const dynamic = "force-dynamic";

export default async function TownsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ deleted?: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const towns = await listTownsForCoordinators(await getDb(), user);
  const { deleted } = await searchParams;
  const t = await getTranslations("coordinate");
  return (
    <main id="main" className="wide">
      <h1>{t("townsTitle")}</h1>
      {deleted === "1" && (
        <p className="form-message form-message-ok" role="status">
          {t("deletedTown")}
        </p>
      )}
      <p>
        <Link href="/coordinate/towns/new" className="button">
          {t("newTown")}
        </Link>
      </p>
      {towns.length === 0 && <p>{t("townsNone")}</p>}
      <ul className="town-list">
        {towns.map((town) => (
          <li key={town.id}>
            <Link href={`/coordinate/towns/${town.slug}`}>{localizedName(town, locale)}</Link>{" "}
            <span className="meta">
              {localizedName(town.oblast, locale)} · {t("townRoutes", { count: town.routeCount })}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
