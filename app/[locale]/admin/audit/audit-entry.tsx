import { getTranslations } from "next-intl/server";
import type { AuditEntry } from "@/db/queries/audit-log";
import { Link } from "@/i18n/navigation";
import { formatStaffTime } from "@/lib/time";

const VALUE_MAX = 400;

/** A recorded value as text, cut short when long (the full value is in the database and exports). */
function shown(value: unknown): string {
  if (value === undefined || value === null) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}…` : text;
}

/** Before and after side by side, one row per recorded key; objects that are not records as one row. */
function rowsOf(before: unknown, after: unknown): [string, unknown, unknown][] {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const b = before ?? {};
    const a = after ?? {};
    return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((key) => [key, b[key], a[key]]);
  }
  return [["", before, after]];
}

/** Where a record named in the log can be looked at, when it has a page. */
function entityHref(entityType: string, entityId: string | null): string | null {
  if (!entityId) return null;
  if (entityType === "incident") return `/admin/incidents/${entityId}`;
  if (entityType === "agreement") return `/coordinate/agreements/${entityId}`;
  if (entityType === "user") return `/admin/users/${entityId}`;
  if (entityType === "organisation") return `/admin/organisations/${entityId}`;
  return null;
}

export async function AuditEntryItem({ entry, locale }: { entry: AuditEntry; locale: string }) {
  const t = await getTranslations("audit");
  const href = entityHref(entry.entityType, entry.entityId);
  const rows = rowsOf(entry.before, entry.after);
  const hasDetails = entry.before !== null || entry.after !== null;
  return (
    <li className="audit-entry" data-action={entry.action}>
      <p>
        <time dateTime={entry.at.toISOString()}>{formatStaffTime(entry.at, locale)}</time> ·{" "}
        <span className="meta">{entry.actorEmail ?? t("noActor")}</span> · <code>{entry.action}</code>
      </p>
      <p>
        {t("entity")}: {entry.entityType}
        {entry.entityId && (
          <>
            {" "}
            {href ? <Link href={href}>{entry.entityId}</Link> : <code>{entry.entityId}</code>} ·{" "}
            <Link href={`/admin/audit?entityType=${encodeURIComponent(entry.entityType)}&entityId=${encodeURIComponent(entry.entityId)}`}>
              {t("historyOfRecord")}
            </Link>
          </>
        )}
      </p>
      {hasDetails && (
        <details>
          <summary>{t("beforeAfter")}</summary>
          <table className="diff">
            <thead>
              <tr>
                <th scope="col">{t("key")}</th>
                <th scope="col">{t("before")}</th>
                <th scope="col">{t("after")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([key, before, after]) => (
                <tr key={key}>
                  <th scope="row">{key || "—"}</th>
                  <td>{shown(before)}</td>
                  <td>{shown(after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
}
