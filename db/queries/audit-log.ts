import "server-only";
import { and, asc, count, desc, eq, gte, ilike, lte, sql, type SQL } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { auditLog } from "../schema/audit";

export type AuditFilters = {
  /** Part of the actor's email, any case. */
  actor?: string;
  /** An exact action ("incident.verify") or a family ending in a dot ("incident."). */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive instants. */
  from?: Date;
  to?: Date;
};

export const AUDIT_PAGE_SIZE = 50;

/**
 * What the log shows instead of a requester's reference code. The code is their key to withdraw
 * and erase their request, handed out only by an audited reveal; the rows keep it (the database
 * is the record), but reading the log must not be a reveal that no audit row records.
 */
export const HIDDEN_REFERENCE_CODE = "••••-••••";
/** The keys under which transport requests' audit rows record a reference code. */
const REFERENCE_CODE_KEYS = new Set(["referenceCode", "mergedInto"]);

function withoutReferenceCodes(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, REFERENCE_CODE_KEYS.has(key) && typeof v === "string" ? HIDDEN_REFERENCE_CODE : v]));
}

const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function auditConditions(filters: AuditFilters): SQL | undefined {
  const where: SQL[] = [];
  if (filters.actor) where.push(ilike(auditLog.actorEmail, `%${literal(filters.actor)}%`));
  if (filters.action) {
    where.push(filters.action.endsWith(".") ? sql`${auditLog.action} like ${`${literal(filters.action)}%`}` : eq(auditLog.action, filters.action));
  }
  if (filters.entityType) where.push(eq(auditLog.entityType, filters.entityType));
  if (filters.entityId) where.push(eq(auditLog.entityId, filters.entityId));
  if (filters.from) where.push(gte(auditLog.at, filters.from));
  if (filters.to) where.push(lte(auditLog.at, filters.to));
  return and(...where);
}

/**
 * The audit log for admins: who did what to which record, with the before and after it
 * recorded, newest first, one page at a time. Only admins read it: it names every account.
 */
export async function listAuditEntries(db: Db, actor: SessionUser | null, filters: AuditFilters, page = 1) {
  assertRole(actor, "admin");
  const condition = auditConditions(filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(condition)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(condition),
  ]);
  const shown = rows.map((row) => (row.entityType === "transport_request" ? { ...row, before: withoutReferenceCodes(row.before), after: withoutReferenceCodes(row.after) } : row));
  return { rows: shown, total: total?.n ?? 0, pageSize: AUDIT_PAGE_SIZE };
}

export type AuditEntry = Awaited<ReturnType<typeof listAuditEntries>>["rows"][number];

/** The actions and entity types that occur in the log, for the filter's choices. */
export async function listAuditVocabulary(db: Db, actor: SessionUser | null) {
  assertRole(actor, "admin");
  const [actions, entityTypes] = await Promise.all([
    db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
    db.selectDistinct({ value: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
  ]);
  return { actions: actions.map((a) => a.value), entityTypes: entityTypes.map((e) => e.value) };
}
