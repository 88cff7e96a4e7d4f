import { getTranslations } from "next-intl/server";
import type { CoordinatorIncident } from "@/db/queries/incidents";
import { formatStaffTime } from "@/lib/time";

const CASUALTIES = new Set(["killed", "injured", "missing"]);
const ID_FIELDS = new Set(["townId", "routeIds", "agreementIds"]);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Revisions since texts have three languages record one row per language ("publicSummaryUk"). */
const LANGUAGE_OF_FIELD = /(Uk|Ru|En)$/;
const FIELD_LANGUAGES: Record<string, string> = { Uk: "uk", Ru: "ru", En: "en" };
const isLocalizedText = (value: unknown): value is Record<"uk" | "ru" | "en", string> =>
  typeof value === "object" && value !== null && ["uk", "ru", "en"].every((l) => typeof (value as Record<string, unknown>)[l] === "string");

/**
 * Every revision, newest first: who, when, the reviewer's note, and each changed field from → to.
 * `names` turns the ids a revision records (town, routes, agreements) into what people call them.
 */
export async function RevisionList({
  revisions,
  names,
  locale,
}: {
  revisions: CoordinatorIncident["revisions"];
  names: Record<string, string>;
  locale: string;
}) {
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tvis = await getTranslations("visibility");
  /** A recorded value as people read it: Kyiv times, words for codes, "unknown" for a blank count. */
  const shown = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return CASUALTIES.has(field) ? t("unknown") : "—";
    if (Array.isArray(value)) return value.map((v) => shown(field, v)).join("; ") || "—";
    // A whole three-language text in one row (no revision records one so far, but never "[object Object]").
    if (isLocalizedText(value)) return (["uk", "ru", "en"] as const).filter((l) => value[l].trim()).map((l) => `${l}: ${value[l]}`).join(" · ") || "—";
    if (typeof value === "string" && ID_FIELDS.has(field)) return names[value] ?? value;
    if (typeof value === "string" && ISO_TIME.test(value)) return formatStaffTime(new Date(value), locale);
    if (field === "category" && typeof value === "string" && tc.has(value)) return tc(value);
    if (field === "verification" && typeof value === "string" && tv.has(value)) return tv(value);
    if (field === "visibility" && typeof value === "string" && tvis.has(value)) return tvis(value);
    if (field === "occurredPrecision" && t.has(`timePrecision_${value}`)) return t(`timePrecision_${value}`);
    if (field === "geoPrecision" && t.has(`geoPrecision_${value}`)) return t(`geoPrecision_${value}`);
    return String(value);
  };
  return (
    <ol className="history revisions">
      {revisions.map((r) => (
        <li key={r.revision}>
          <p>
            {t("revision", { n: r.revision })} · {t.has(`action_${r.action}`) ? t(`action_${r.action}`) : r.action} ·{" "}
            <time dateTime={r.changedAt.toISOString()}>{formatStaffTime(r.changedAt, locale)}</time>{" "}
            <span className="meta">{r.byEmail ?? "—"}</span>
          </p>
          {r.note && (
            <p className="reason">
              <span className="label">{t("reviewNote")}: </span>
              {r.note}
            </p>
          )}
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
              {Object.entries(r.changes).map(([field, change]) => {
                // A text in one language (publicSummaryUk) is marked with it; older revisions
                // recorded the summary as one plain text ("publicSummary") and show as they were.
                const suffix = t.has(`field_${field}`) ? LANGUAGE_OF_FIELD.exec(field)?.[1] : undefined;
                const lang = suffix ? FIELD_LANGUAGES[suffix] : undefined;
                return (
                  <tr key={field}>
                    <th scope="row">{t.has(`field_${field}`) ? t(`field_${field}`) : field}</th>
                    <td lang={change.from ? lang : undefined}>{shown(field, change.from)}</td>
                    <td lang={change.to ? lang : undefined}>{shown(field, change.to)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </li>
      ))}
    </ol>
  );
}
