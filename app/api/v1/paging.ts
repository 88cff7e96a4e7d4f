import { decodeCursor, nextLink, type SortKey } from "@/lib/cursor-page";
import { problemResponse } from "@/server/http/problem";

// Paging shared by the list answers: a bad cursor is a 400 naming it (never a silent first page),
// and every page says how many rows match in all and, while more remain, where the next page is.

export type CursorResult = { ok: true; after: SortKey | null } | { ok: false; response: Response };

export function readCursor(
  request: Request,
  cursor: string | undefined,
  shape: readonly ("string" | "number")[],
  valid: (key: SortKey) => boolean = () => true,
): CursorResult {
  if (cursor === undefined) return { ok: true, after: null };
  const after = decodeCursor(cursor, new URL(request.url).pathname, shape);
  if (after && valid(after)) return { ok: true, after };
  return {
    ok: false,
    response: problemResponse(request, "invalid-parameter", {
      detail: "cursor: is not a cursor this address gave; follow the Link: rel=\"next\" header of the previous page",
      invalidParams: [{ name: "cursor", reason: "is not a cursor this address gave" }],
    }),
  };
}

/** The headers of a page: the total (when the read counted it) and the RFC 8288 next link. */
export function pageHeaders(request: Request, { total, next }: { total: number | null; next: SortKey | null }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (total !== null) headers["X-Total-Count"] = String(total);
  if (next) headers.Link = nextLink(request.url, next);
  return headers;
}
