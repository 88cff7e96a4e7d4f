import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listTownsWithTransportRequestPersonal } from "@/db/queries/transport-requests";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { PurgeForm } from "./purge-form";

export const dynamic = "force-dynamic";

// The emergency purge of one town's transport requests, for when the town is about to be taken.
// Lists only counts per town; the purge itself is purgeTownTransportRequestsAction.

export default async function RequestPurgePage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const holdings = await listTownsWithTransportRequestPersonal(await getDb(), user);
  const t = await getTranslations("requestPurge");
  const query = await searchParams;
  const purged = typeof query.purged === "string" && /^\d+$/.test(query.purged) ? Number(query.purged) : null;
  const purgedTown = typeof query.town === "string" ? query.town.slice(0, 200) : "";
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {purged !== null && (
        <p role="status" className="form-message form-message-ok">
          {t("done", { count: purged, town: purgedTown })}
        </p>
      )}
      {holdings.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("town")}</th>
                <th scope="col">{t("slug")}</th>
                <th scope="col">{t("held")}</th>
                <th scope="col">{t("open")}</th>
              </tr>
            </thead>
            <tbody>
              {holdings.map((h) => (
                <tr key={h.townSlug}>
                  <td>{localizedName(h.townName, locale)}</td>
                  <td>
                    <code>{h.townSlug}</code>
                  </td>
                  <td>{h.held}</td>
                  <td>{h.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PurgeForm towns={holdings.map((h) => ({ value: h.townSlug, label: `${localizedName(h.townName, locale)} (${h.townSlug})` }))} />
        </>
      )}
    </main>
  );
}
