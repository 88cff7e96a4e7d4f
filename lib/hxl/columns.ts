// HXL-tagged tables (https://hxlstandard.org): a header row people read, then a row of hashtags
// machines read (#date+occurred, #geo+lat, ...). One column = one header, one hashtag and one pure
// getter, so the CSV's two header rows and its records can never drift apart.

/** A cell: text, a number, or null for an EMPTY cell (unknown is not zero). */
export type Cell = string | number | null;

export type HxlColumn<Row> = {
  /** What a person reads in row 1. */
  header: string;
  /** What HXL tools read in row 2: a hashtag with optional +attributes, e.g. "#affected+killed". */
  hashtag: string;
  value: (row: Row) => Cell;
};

export function headerRow<Row>(columns: readonly HxlColumn<Row>[]): string[] {
  return columns.map((c) => c.header);
}

export function hashtagRow<Row>(columns: readonly HxlColumn<Row>[]): string[] {
  return columns.map((c) => c.hashtag);
}

export function recordOf<Row>(columns: readonly HxlColumn<Row>[], row: Row): Cell[] {
  return columns.map((c) => {
    const value = c.value(row);
    // NaN or Infinity would print as text a spreadsheet cannot use; an empty cell says "not known".
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
  });
}

/** Several values in one cell (a fact's sources), in order; HXL has no list type. */
export const LIST_SEPARATOR = " | ";

export function joinList(values: readonly (string | null)[]): string | null {
  return values.length === 0 ? null : values.map((v) => v ?? "").join(LIST_SEPARATOR);
}
