import "server-only";
import { desc, eq } from "drizzle-orm";
import type { NoticeSeverity } from "@/db/schema/enums";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { writeAudit } from "./audit";
import { NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";

export type NoticeInput = {
  /** Exactly one of the two: a notice is about a town or a whole oblast. */
  townId: string | null;
  oblastId: string | null;
  severity: NoticeSeverity;
  textUk: string;
  textRu: string;
  textEn: string;
  /** Null: in force until a coordinator expires it. */
  expiresAt: Date | null;
};

/** Notices in force first, then the most recently ended; each with the area it is about. */
export async function listNoticesForCoordinators(db: Db, actor: SessionUser | null, now: Date, limit = 100) {
  assertRole(actor, "coordinator");
  const rows = await db
    .select({
      id: areaNotices.id,
      severity: areaNotices.severity,
      textUk: areaNotices.textUk,
      textRu: areaNotices.textRu,
      textEn: areaNotices.textEn,
      issuedAt: areaNotices.issuedAt,
      expiresAt: areaNotices.expiresAt,
      version: areaNotices.version,
      town: { slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      oblast: { slug: oblasts.slug, nameUk: oblasts.nameUk, nameRu: oblasts.nameRu, nameEn: oblasts.nameEn },
    })
    .from(areaNotices)
    .leftJoin(towns, eq(areaNotices.townId, towns.id))
    .leftJoin(oblasts, eq(areaNotices.oblastId, oblasts.id))
    .orderBy(desc(areaNotices.issuedAt))
    .limit(limit);
  const inForce = (n: (typeof rows)[number]) => n.issuedAt <= now && (n.expiresAt === null || n.expiresAt > now);
  return rows.map((n) => ({ ...n, inForce: inForce(n) })).sort((a, b) => Number(b.inForce) - Number(a.inForce));
}

export async function getNoticeForEdit(db: Db, actor: SessionUser | null, id: string) {
  assertRole(actor, "coordinator");
  const [notice] = await db.select().from(areaNotices).where(eq(areaNotices.id, id)).limit(1);
  return notice ?? null;
}

const auditable = (n: typeof areaNotices.$inferSelect) => ({
  townId: n.townId,
  oblastId: n.oblastId,
  severity: n.severity,
  textUk: n.textUk,
  textRu: n.textRu,
  textEn: n.textEn,
  issuedAt: n.issuedAt,
  expiresAt: n.expiresAt,
  version: n.version,
});

async function assertTargetExists(tx: Pick<Db, "select">, input: Pick<NoticeInput, "townId" | "oblastId">) {
  if (input.townId) {
    const [found] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.id, input.townId)).limit(1);
    if (!found) throw new RefusedWriteError("townId", { code: "invalidChoice" });
  } else if (input.oblastId) {
    const [found] = await tx.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.id, input.oblastId)).limit(1);
    if (!found) throw new RefusedWriteError("oblastId", { code: "invalidChoice" });
  }
}

export async function createNotice(db: Db, actor: SessionUser | null, input: NoticeInput, now: Date): Promise<{ id: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    await assertTargetExists(tx, input);
    const [created] = await tx
      .insert(areaNotices)
      .values({ ...input, issuedAt: now, createdBy: actor.id })
      .returning();
    await writeAudit(tx, { actor, action: "notice.create", entityType: "area_notice", entityId: created!.id, after: auditable(created!) });
    return { id: created!.id };
  });
}

async function lockForChange(tx: Pick<Db, "select">, id: string, baseVersion: number) {
  const [before] = await tx.select().from(areaNotices).where(eq(areaNotices.id, id)).for("update");
  if (!before) throw new NotFoundError("notice");
  if (before.version !== baseVersion) {
    throw new StaleVersionError({ entity: "notice", changedAt: before.updatedAt.toISOString(), changedBy: null, version: before.version });
  }
  return before;
}

export async function updateNotice(db: Db, actor: SessionUser | null, id: string, baseVersion: number, input: NoticeInput): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, id, baseVersion);
    await assertTargetExists(tx, input);
    const [after] = await tx
      .update(areaNotices)
      .set({ ...input, version: before.version + 1, updatedAt: new Date() })
      .where(eq(areaNotices.id, id))
      .returning();
    await writeAudit(tx, { actor, action: "notice.update", entityType: "area_notice", entityId: id, before: auditable(before), after: auditable(after!) });
  });
}

/** Ends a notice now: it leaves the public pages but stays in the record. */
export async function expireNotice(db: Db, actor: SessionUser | null, id: string, baseVersion: number, now: Date): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, id, baseVersion);
    if (before.expiresAt && before.expiresAt <= now) return;
    const [after] = await tx
      .update(areaNotices)
      .set({ expiresAt: now, version: before.version + 1, updatedAt: now })
      .where(eq(areaNotices.id, id))
      .returning();
    await writeAudit(tx, { actor, action: "notice.expire", entityType: "area_notice", entityId: id, before: auditable(before), after: auditable(after!) });
  });
}
