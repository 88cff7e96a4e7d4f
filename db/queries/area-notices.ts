import "server-only";
import { desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { NoticeSeverity } from "@/db/schema/enums";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { writeAudit } from "./audit";
import { noticeColumns, placeNameColumns } from "../public/columns";
import { staleVersionError } from "./stale-version";
import { NotFoundError, RefusedWriteError } from "./write-errors";

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

/**
 * Every notice in force (however old: an oblast-wide warning may stand for months and must stay
 * findable to be expired), then the most recently ended ones; each with the area it is about.
 */
export async function listNoticesForCoordinators(db: Db, actor: SessionUser | null, now: Date, endedLimit = 50) {
  assertRole(actor, "coordinator");
  const select = () =>
    db
      .select({
        ...noticeColumns,
        expiresAt: areaNotices.expiresAt,
        version: areaNotices.version,
        town: placeNameColumns(towns),
        oblast: placeNameColumns(oblasts),
      })
      .from(areaNotices)
      .leftJoin(towns, eq(areaNotices.townId, towns.id))
      .leftJoin(oblasts, eq(areaNotices.oblastId, oblasts.id));
  const notEnded = or(isNull(areaNotices.expiresAt), gt(areaNotices.expiresAt, now));
  const [current, ended] = await Promise.all([
    select().where(notEnded).orderBy(desc(areaNotices.issuedAt)),
    select().where(lte(areaNotices.expiresAt, now)).orderBy(desc(areaNotices.expiresAt)).limit(endedLimit),
  ]);
  return [...current.map((n) => ({ ...n, inForce: n.issuedAt <= now })), ...ended.map((n) => ({ ...n, inForce: false }))];
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
    if (!found) throw new RefusedWriteError("target", { code: "invalidChoice" });
  } else if (input.oblastId) {
    const [found] = await tx.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.id, input.oblastId)).limit(1);
    if (!found) throw new RefusedWriteError("target", { code: "invalidChoice" });
  }
}

export async function createNotice(db: Db, actor: SessionUser | null, { input, now }: { input: NoticeInput; now: Date }): Promise<{ id: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    await assertTargetExists(tx, input);
    // Triggers: a new notice queues residents' messages (message_outbox); the public version is bumped.
    const [created] = await tx
      .insert(areaNotices)
      .values({ ...input, issuedAt: now, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    await writeAudit(tx, { actor, action: "notice.create", entityType: "area_notice", entityId: created!.id, after: auditable(created!) });
    return { id: created!.id };
  });
}

async function lockForChange(tx: Pick<Db, "select">, id: string, baseVersion: number) {
  const [before] = await tx.select().from(areaNotices).where(eq(areaNotices.id, id)).for("update");
  if (!before) throw new NotFoundError("notice");
  if (before.version !== baseVersion) throw await staleVersionError(tx, "notice", before);
  return before;
}

export async function updateNotice(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input }: { id: string; baseVersion: number; input: NoticeInput },
): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, id, baseVersion);
    // An ended notice is the record of what was published; a new situation gets a new notice.
    if (before.expiresAt && before.expiresAt <= new Date()) throw new RefusedWriteError("form", { code: "noticeEnded" });
    await assertTargetExists(tx, input);
    // Triggers: changed texts or severity queue residents' messages (message_outbox); the public version is bumped.
    const [after] = await tx
      .update(areaNotices)
      .set({ ...input, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(areaNotices.id, id))
      .returning();
    await writeAudit(tx, { actor, action: "notice.update", entityType: "area_notice", entityId: id, before: auditable(before), after: auditable(after!) });
  });
}

/** Ends a notice now: it leaves the public pages but stays in the record. */
export async function expireNotice(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, now }: { id: string; baseVersion: number; now: Date },
): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, id, baseVersion);
    if (before.expiresAt && before.expiresAt <= now) return;
    // Triggers: the public version is bumped (an ended notice sends no message).
    const [after] = await tx
      .update(areaNotices)
      .set({ expiresAt: now, version: before.version + 1, updatedAt: now, updatedBy: actor.id })
      .where(eq(areaNotices.id, id))
      .returning();
    await writeAudit(tx, { actor, action: "notice.expire", entityType: "area_notice", entityId: id, before: auditable(before), after: auditable(after!) });
  });
}
