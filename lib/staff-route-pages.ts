import { decodeCursor, encodeCursor } from "./cursor-page";

// The staff route lists' page in the URL (`?after=`): an opaque cursor bound to the list that gave
// it, as the API's are (lib/cursor-page.ts). A cursor from elsewhere or a forged one reads as the
// first page: staff follow the list's own "Next page" link, never type one.

type Key = [string, string, string];
const SHAPE = ["string", "string", "string"] as const;

export const staffRoutesCursor = {
  read(list: string, value: string | string[] | undefined): Key | null {
    const cursor = Array.isArray(value) ? value[0] : value;
    if (!cursor || cursor.length > 1_000) return null;
    return decodeCursor(cursor, list, SHAPE) as Key | null;
  },
};

/** The list's address with its filters kept and the page after `next`. */
export function staffRoutesHref(list: string, query: Record<string, string | string[] | undefined>, next: Key): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === "after" || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  params.set("after", encodeCursor(list, next));
  return `${list}?${params.toString()}`;
}
