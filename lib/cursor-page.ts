// Cursor pagination for the public API. A cursor is opaque to partners (base64url of the last
// row's sort key, versioned so the key can change without misreading an old link) and names a
// position, not an offset: rows added or removed before it do not shift the next page, so a
// partner walking the pages sees each row that stayed at most once.

const CURSOR_VERSION = 1;

export type SortKey = readonly (string | number)[];

/**
 * `list` names the list the cursor walks (its path): a cursor one list gave is refused by another,
 * even where the sort keys have the same shape (towns and routes are both sorted by slug).
 */
export function encodeCursor(list: string, key: SortKey): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, list, ...key]), "utf8").toString("base64url");
}

/** The sort key a cursor names, or null when it is not one of this list's (refused with 400 by the caller). */
export function decodeCursor(cursor: string, list: string, shape: readonly ("string" | "number")[]): SortKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value[0] !== CURSOR_VERSION || value[1] !== list || value.length !== shape.length + 2) return null;
    const key = value.slice(2);
    return key.every((part, i) => typeof part === shape[i]) ? (key as SortKey) : null;
  } catch {
    return null;
  }
}

/** The RFC 8288 `Link` header value pointing at the next page: this request's URL with `cursor` replaced. */
export function nextLink(requestUrl: string, next: SortKey): string {
  const url = new URL(requestUrl);
  url.searchParams.set("cursor", encodeCursor(url.pathname, next));
  return `<${url.pathname}${url.search}>; rel="next"`;
}
