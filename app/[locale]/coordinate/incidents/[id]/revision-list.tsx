import { getTranslations } from "next-intl/server";
import type { CoordinatorIncident } from "@/db/queries/incidents";
import { formatPlaceDateTime } from "@/lib/time";

const shown = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : Array.isArray(value) ? value.join("; ") || "—" : String(value));

/** Every revision, newest first: who, when, and each changed field from → to. */
export async function RevisionList({ revisions, locale }: { revisions: CoordinatorIncident["revisions"]; locale: string }) {
  const t = await getTranslations("incidents");
  return (
    <ol className="history revisions">
      {revisions.map((r) => (
        <li key={r.revision}>
          <p>
            {t("revision", { n: r.revision })} · {t.has(`action_${r.action}`) ? t(`action_${r.action}`) : r.action} ·{" "}
            <time dateTime={r.changedAt.toISOString()}>{formatPlaceDateTime(r.changedAt, locale)}</time>{" "}
            <span className="meta">{r.byEmail ?? "—"}</span>
          </p>
          {r.note && <p className="reason">{r.note}</p>}
          <table className="diff">
            <caption className="visually-hidden">{t("changedFields")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("field")}</th>
                <th scope="col">{t("diffFrom")}</th>
                <th scope="col">{t("diffTo")}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(r.changes).map(([field, change]) => (
                <tr key={field}>
                  <th scope="row">{t.has(`field_${field}`) ? t(`field_${field}`) : field}</th>
                  <td>{shown(change.from)}</td>
                  <td>{shown(change.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ol>
  );
}
