import "server-only";
import { eq } from "drizzle-orm";
import type { ConflictDetails } from "@/lib/forms/form-state";
import type { Db } from "../client";
import { users } from "../schema/users";
import { StaleVersionError } from "./write-errors";

type Row = { version: number; updatedAt: Date; updatedBy: string | null; status?: string; statusReason?: string };

/**
 * The refusal for a write based on an old version: the newer row's latest change, who made it
 * and when (and, for routes, the status now in force). Read in a fresh statement after the
 * row lock, so it reflects what the winner committed.
 */
export async function staleVersionError(tx: Pick<Db, "select">, entity: ConflictDetails["entity"], row: Row): Promise<StaleVersionError> {
  const [by] = row.updatedBy ? await tx.select({ email: users.email }).from(users).where(eq(users.id, row.updatedBy)) : [];
  return new StaleVersionError({
    entity,
    changedAt: row.updatedAt.toISOString(),
    changedBy: by?.email ?? null,
    version: row.version,
    ...(row.status !== undefined ? { status: row.status, reason: row.statusReason ?? "" } : {}),
  });
}
