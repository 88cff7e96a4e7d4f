/**
 * Turns pages of rows, fetched one at a time, into a byte stream. `pull()` asks for the next page
 * only when the consumer wants more, so at most one page is in memory however long the export;
 * `cancel()` (the client went away) ends the page iterator, so no further query runs.
 */
export type PagedBody<Row> = {
  /** Written first (the CSV header rows, or the opening of a FeatureCollection). */
  head: string;
  /** One page as text; `rowsBefore` is how many rows earlier pages held (for separators). */
  page: (rows: readonly Row[], rowsBefore: number) => string;
  /** Written last; a function is given how many rows were written (a file that says its own count). */
  tail: string | ((rows: number) => string);
};

export type PagedStreamOptions = {
  /**
   * The row count the response already stated (X-Total-Count). A file that would end with another
   * count ends as an error instead, so a completed download always holds exactly the stated rows.
   */
  expectedRows?: number;
};

export function pagedStream<Row>(pages: AsyncIterator<readonly Row[]>, body: PagedBody<Row>, options: PagedStreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rowsBefore = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (body.head) {
            controller.enqueue(encoder.encode(body.head));
            return;
          }
        }
        try {
          // Skip empty pages without yielding an empty chunk.
          for (;;) {
            const next = await pages.next();
            if (next.done) {
              if (options.expectedRows !== undefined && options.expectedRows !== rowsBefore) {
                throw new Error(`export wrote ${rowsBefore} rows after stating ${options.expectedRows}`);
              }
              const tail = typeof body.tail === "function" ? body.tail(rowsBefore) : body.tail;
              if (tail) controller.enqueue(encoder.encode(tail));
              controller.close();
              return;
            }
            if (next.value.length === 0) continue;
            const text = body.page(next.value, rowsBefore);
            rowsBefore += next.value.length;
            controller.enqueue(encoder.encode(text));
            return;
          }
        } catch (error) {
          // A failed query ends the download as an error (a truncated file is never passed off as complete).
          controller.error(error);
        }
      },
      async cancel() {
        await pages.return?.(undefined);
      },
    },
    // One page queued ahead at most: the next query runs while the previous chunk is being sent.
    { highWaterMark: 1 },
  );
}

/**
 * An RFC 7946 FeatureCollection written feature by feature, ending with `numberReturned` (a foreign
 * member, named as OGC API Features names it): a reader can tell a whole file from a cut one.
 */
export function geoJsonBody<Row>(feature: (row: Row) => unknown): PagedBody<Row> {
  return {
    head: '{"type":"FeatureCollection","features":[\n',
    page: (rows, rowsBefore) =>
      rows.map((row, i) => (rowsBefore + i === 0 ? "" : ",\n") + JSON.stringify(feature(row))).join(""),
    tail: (rows) => `\n],"numberReturned":${rows}}\n`,
  };
}
