import { stringify } from "csv-stringify/sync";
import type { PagedBody } from "./stream";
import { hashtagRow, headerRow, recordOf, type Cell, type HxlColumn } from "./columns";

/**
 * UTF-8 byte order mark. Excel reads a CSV without it in the system's legacy code page, which turns
 * every Cyrillic town name into mojibake; with it, Excel, LibreOffice, pandas (`utf-8-sig`), csv-parse
 * (`bom: true`) and the HXL Proxy all read UTF-8. It only precedes the first header cell, never the
 * hashtag row, so HXL tools find their tags either way.
 */
export const UTF8_BOM = "\uFEFF";

/**
 * Records as CSV text (RFC 4180: CRLF line ends, quotes where needed). Text cells that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return, or their full-width
 * forms) get a leading apostrophe (csv-stringify's `escape_formulas`): partners open these files in
 * Excel, and a summary typed as `=HYPERLINK(...)` must stay text. Numbers are left alone, so a
 * negative longitude stays a number; null is an empty cell.
 */
export function csvRecords(records: readonly Cell[][]): string {
  if (records.length === 0) return "";
  return stringify(records as Cell[][], {
    escape_formulas: true,
    record_delimiter: "\r\n",
    // Quote any cell holding a lone \n or \r too (csv-stringify stops doing so once a delimiter is set).
    quote_record_delimiter: true,
    eof: true,
  });
}

/** The BOM, the header row and the HXL hashtag row. */
export function hxlCsvHead<Row>(columns: readonly HxlColumn<Row>[]): string {
  return UTF8_BOM + csvRecords([headerRow(columns), hashtagRow(columns)]);
}

/** One page of rows as CSV records, in column order. */
export function hxlCsvRows<Row>(columns: readonly HxlColumn<Row>[], rows: readonly Row[]): string {
  return csvRecords(rows.map((row) => recordOf(columns, row)));
}

/** An HXL CSV written page by page (see pagedStream). */
export function hxlCsvBody<Row>(columns: readonly HxlColumn<Row>[]): PagedBody<Row> {
  return { head: hxlCsvHead(columns), page: (rows) => hxlCsvRows(columns, rows), tail: "" };
}

/**
 * An HXL CSV whose records arrive already written (one CSV line each, CRLF included, as the database
 * writes them for the route history): the same head, the pages joined as they are.
 */
export function hxlCsvLinesBody<Row>(columns: readonly HxlColumn<Row>[]): PagedBody<string> {
  return { head: hxlCsvHead(columns), page: (lines) => lines.join(""), tail: "" };
}
