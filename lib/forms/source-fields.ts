import { z } from "zod";
import { SOURCE_KINDS } from "@/lib/enum-values";
import { indexedList } from "./form-data";
import { SOURCE_OUTLET_MAX, SOURCES_MAX } from "./limits";
import { oneOf, optionalHttpUrl, optionalKyivDateTime, text } from "./zod-fields";

export { SOURCES_MAX };

/** One source row of a form: where a fact comes from (outlet, link, when it was published, what kind). */
const sourceRow = z
  .object({
    kind: oneOf(SOURCE_KINDS).default("other"),
    outlet: text(SOURCE_OUTLET_MAX, { optional: true }).default(""),
    url: optionalHttpUrl.default(""),
    publishedAt: optionalKyivDateTime().default(null),
  })
  .refine((row) => row.outlet !== "" || row.url !== "", { path: ["outlet"], error: "sourceOutletRequired" })
  .transform((row) => ({
    kind: row.kind,
    outlet: row.outlet || new URL(row.url).hostname,
    url: row.url || null,
    publishedAt: row.publishedAt,
  }));

const isBlankRow = (row: unknown) =>
  typeof row === "object" && row !== null && ["outlet", "url", "publishedAt"].every((k) => !String((row as Record<string, unknown>)[k] ?? "").trim());

/**
 * The repeatable "sources" group: rows left blank are dropped (a form shows a spare one), then
 * at least `min` and at most SOURCES_MAX remain. Field errors keep the row's index in the form
 * ("sources.1.url"), so each shows beside its own input.
 */
export function sourcesField(min: number) {
  return z.preprocess(
    (value) => {
      const list = indexedList(value ?? []);
      return Array.isArray(list) ? list.map((row) => (isBlankRow(row) ? null : row)) : list;
    },
    z
      .array(sourceRow.nullable(), { error: "invalidChoice" })
      .transform((rows) => rows.filter((row) => row !== null))
      .refine((rows) => rows.length >= min, { error: "sourcesRequired", params: { min } })
      .refine((rows) => rows.length <= SOURCES_MAX, { error: "tooManySources", params: { max: SOURCES_MAX } }),
  );
}

export type SourceInput = { kind: (typeof SOURCE_KINDS)[number]; outlet: string; url: string | null; publishedAt: Date | null };
