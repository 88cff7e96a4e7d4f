import "server-only";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { auditLog } from "../schema/audit";

/** A transaction or the database itself: audit rows are written inside the caller's transaction. */
type Writer = Pick<Db, "insert">;

export type AuditEntry = {
  actor: Pick<SessionUser, "id" | "email"> | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

export async function writeAudit(writer: Writer, entry: AuditEntry): Promise<void> {
  await writer.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
