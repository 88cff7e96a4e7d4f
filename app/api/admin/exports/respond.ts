import "server-only";
import type { z } from "zod";
import { getAccess } from "@/auth";
import { getDb, type Db } from "@/db";
import { recordExport } from "@/db/queries/exports";
import type { ExportScope } from "@/lib/hxl/scope";
import { toPlaceIso } from "@/lib/iso-time";
import type { SessionUser } from "@/lib/session-user";
import { describeIssues, searchObject } from "./schemas";

export const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8; header=present",
  geojson: "application/geo+json; charset=utf-8",
} as const;

/** Refusals and errors: plain text, never cached. */
function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

type ExportSpec<Q extends { scope: ExportScope }> = {
  /** The audit action, e.g. "export.incidents_csv". */
  action: string;
  schema: z.ZodType<Q, unknown>;
  /** "incidents" → corridor-incidents-2026-11-21.csv (partner) / corridor-incidents-internal-2026-11-21.csv. */
  name: string;
  extension: "csv" | "geojson";
  /** How many rows the body will hold, counted before its first byte (X-Total-Count). */
  count: (db: Db, user: SessionUser, query: Q, asOf: Date) => Promise<number>;
  /** `asOf` and `total` as counted: the body holds exactly `total` rows recorded up to `asOf`, or ends as an error. */
  body: (db: Db, user: SessionUser, query: Q, stated: { asOf: Date; total: number }) => ReadableStream<Uint8Array>;
};

/**
 * One admin export: the session is checked against the database (401 signed out, revoked or
 * disabled; 403 not an admin), the parameters with zod (400 with what is wrong), then the export is
 * written to the audit log and streamed. The query functions check the role again themselves.
 */
export async function exportResponse<Q extends { scope: ExportScope }>(request: Request, spec: ExportSpec<Q>): Promise<Response> {
  const access = await getAccess("admin");
  if (!access.ok) {
    return access.reason === "forbidden"
      ? plain(403, "Forbidden: exports are for admins only.")
      : plain(401, "Unauthorized: sign in as an admin to export.");
  }
  const params = searchObject(new URL(request.url));
  if (!params.ok) return plain(400, `Bad request: ${params.message}`);
  const parsed = spec.schema.safeParse(params.value);
  if (!parsed.success) return plain(400, `Bad request: ${describeIssues(parsed.error)}`);
  const query = parsed.data;
  let db: Db;
  // Rows recorded after this instant are in neither the count nor the file.
  const asOf = new Date();
  let total: number;
  try {
    db = await getDb();
    const { scope, ...filters } = query;
    await recordExport(db, access.user, { action: spec.action, scope, filters });
    total = await spec.count(db, access.user, query, asOf);
  } catch (error) {
    console.error("export failed to start", error);
    return plain(503, "Service unavailable: the database did not answer; try again.");
  }
  const day = toPlaceIso(new Date()).slice(0, 10);
  const filename = `corridor-${spec.name}${query.scope === "internal" ? "-internal" : ""}-${day}.${spec.extension}`;
  return new Response(spec.body(db, access.user, query, { asOf, total }), {
    status: 200,
    headers: {
      // The row count, where CSV has no place for it (a trailing comment line would be a data row
      // to every CSV and HXL reader); the same header the public API's pages give.
      "X-Total-Count": String(total),
      "Content-Type": CONTENT_TYPES[spec.extension],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
