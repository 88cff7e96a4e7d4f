import { sql } from "drizzle-orm";
import { check, jsonb, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../lib/localized-text";

/**
 * A free text in uk / ru / en as one jsonb object with all three keys (lib/localized-text.ts).
 * The shape itself is checked by each table's CHECK constraints (`localizedTextCheck`), so a
 * write that bypasses the forms still cannot store a bare string or a missing language key.
 */
export function localizedTextColumn(name: string) {
  return jsonb(name).$type<LocalizedText>().notNull().default(sql`'{"uk":"","ru":"","en":""}'::jsonb`);
}

/** A required text has no default: an insert that forgets it fails instead of publishing nothing. */
export function requiredLocalizedTextColumn(name: string) {
  return jsonb(name).$type<LocalizedText>().notNull();
}

/** The CHECK every localized-text column carries: an object with the three string keys, and for a
 * required text at least one of them not blank. */
export function localizedTextCheck(name: string, column: AnyPgColumn, { required = false }: { required?: boolean } = {}) {
  const shape = sql`jsonb_typeof(${column}->'uk') = 'string' and jsonb_typeof(${column}->'ru') = 'string' and jsonb_typeof(${column}->'en') = 'string'`;
  const written = sql`(btrim(${column}->>'uk') <> '' or btrim(${column}->>'ru') <> '' or btrim(${column}->>'en') <> '')`;
  // `is true`: on a missing key or a non-object the tests above are NULL, which a CHECK lets through.
  return check(name, required ? sql`(${shape} and ${written}) is true` : sql`(${shape}) is true`);
}

/** The three languages of a localized text as one searchable string (for ILIKE). */
export function allLanguages(column: AnyPgColumn) {
  return sql<string>`concat_ws(' ', ${column}->>'uk', ${column}->>'ru', ${column}->>'en')`;
}
