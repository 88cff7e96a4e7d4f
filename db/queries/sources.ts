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
