import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";

/**
 * The public data's version: moved by a trigger (migration 0007) on every write to a table the
 * public pages show. Equal versions mean equal public data (up to the clock: freshness ages).
 * Not a secret and not per user, so no role check: it tells nothing but "something changed".
 * `is_called` is part of it: a new sequence's first nextval leaves last_value at 1.
 */
export async function readPublicVersion(db: Db): Promise<string> {
  const [row] = rowsOf<{ v: string }>(await db.execute(sql`select last_value::text || ':' || is_called::text as v from public_version`));
  return row?.v ?? "none";
}
