import "server-only";
import { eq } from "drizzle-orm";
import type { StatusReasonCode } from "@/lib/enum-values";
import type { ConflictDetails } from "@/lib/forms/form-state";
import { EMPTY_LOCALIZED_TEXT, type LocalizedText } from "@/lib/localized-text";
import type { Db } from "../client";
import { users } from "../schema/users";
import { StaleVersionError } from "./write-errors";

type Row = {
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
  status?: string;
  statusReasonCodes?: StatusReasonCode[];
  statusReason?: LocalizedText;
};

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
    ...(row.status !== undefined ? { status: row.status, reasonCodes: row.statusReasonCodes ?? [], reason: row.statusReason ?? EMPTY_LOCALIZED_TEXT } : {}),
  });
}
