import "server-only";
import type { SessionUser } from "@/lib/session-user";
import type { SourceInput } from "@/lib/forms/source-fields";
import type { Db } from "../client";
import { sources } from "../schema/sources";

/** Records sources given in a form, inside the caller's transaction; returns their ids in order. */
export async function insertSources(tx: Pick<Db, "insert">, actor: SessionUser, rows: SourceInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(sources)
    .values(rows.map((row) => ({ ...row, createdBy: actor.id })))
    .returning({ id: sources.id });
  return inserted.map((r) => r.id);
}

/**
 * The source ids for a form's source rows, in row order and without repeats: a row sent back
 * unchanged keeps its existing source (with its title and exact time; the form shows times to the
 * minute, so that is the precision compared), any other row becomes a new source. Sources are
 * shared rows other records may cite, so callers unlink old ones and never delete them.
 */
export async function resolveSourceIds(
  tx: Pick<Db, "insert">,
  actor: SessionUser,
  rows: SourceInput[],
  existing: (typeof sources.$inferSelect)[],
): Promise<string[]> {
  const minute = (d: Date | null) => (d ? Math.floor(d.getTime() / 60_000) : null);
  const unused = [...existing];
  const ids: string[] = [];
  const fresh: SourceInput[] = [];
  const freshSlots: number[] = [];
  rows.forEach((row, i) => {
    const match = unused.findIndex(
      (s) => s.kind === row.kind && s.outlet === row.outlet && (s.url ?? null) === row.url && minute(s.publishedAt) === minute(row.publishedAt),
    );
    if (match >= 0) {
      ids[i] = unused[match]!.id;
      unused.splice(match, 1);
    } else {
      freshSlots.push(i);
      fresh.push(row);
    }
  });
  const inserted = await insertSources(tx, actor, fresh);
  freshSlots.forEach((slot, j) => (ids[slot] = inserted[j]!));
  return [...new Set(ids)];
}
