import "server-only";
import { asc, and, eq, sql, type SQL, type AnyColumn } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import { auditLog } from "../schema/audit";
import { organisations } from "../schema/organisations";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { isUniqueViolation, NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";

// Organisations are records admins keep: accounts and routes point to one, and claims of
// evacuation requests belong to one. Every write checks the caller is an admin and writes its
// audit row in the same transaction.

export type Organisation = typeof organisations.$inferSelect;
export type OrganisationInput = Pick<Organisation, "shortName" | "nameUk" | "nameRu" | "nameEn" | "publicContact">;

/** The short name of the organisation a row points to, "" for none: what staff pages and exports show. */
export function organisationShortName(column: AnyColumn): SQL<string> {
  return sql<string>`coalesce((select o."short_name" from ${organisations} o where o."id" = ${column}), '')`;
}

/** Every organisation, for the admin list and the choice on account and route forms. */
export async function listOrganisations(db: Db, actor: SessionUser | null): Promise<Organisation[]> {
  assertRole(actor, "coordinator");
  return db.select().from(organisations).orderBy(asc(organisations.shortName));
}

export async function getOrganisation(db: Db, actor: SessionUser | null, id: string): Promise<Organisation | null> {
  assertRole(actor, "admin");
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row ?? null;
}

/** For the command-line bootstrap, which has no signed-in actor: an organisation by its short name. */
export async function getOrganisationIdByShortName(db: Db, shortName: string): Promise<string | null> {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.shortName, shortName.trim())).limit(1);
  return row?.id ?? null;
}

/** The organisation the acting account works for now, read from the database (not the session). */
export async function getActorOrganisationId(db: Pick<Db, "select">, actor: SessionUser): Promise<string | null> {
  const [row] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, actor.id)).limit(1);
  return row?.organisationId ?? null;
}

/** A form's chosen organisation must still exist; refused on the field otherwise (a forged or deleted id). */
export async function assertOrganisationExists(tx: Pick<Db, "select">, id: string | null | undefined, field = "organisationId"): Promise<void> {
  if (!id) return;
  const [row] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).limit(1);
  if (!row) throw new RefusedWriteError(field, { code: "invalidChoice" });
}

const auditable = (o: Organisation) => ({
  shortName: o.shortName,
  nameUk: o.nameUk,
  nameRu: o.nameRu,
  nameEn: o.nameEn,
  publicContact: o.publicContact,
  version: o.version,
});

function refuseTakenShortName(error: unknown): never {
  if (isUniqueViolation(error, "organisations_short_name_unique")) throw new RefusedWriteError("shortName", { code: "organisationTaken" });
  throw error;
}

export async function createOrganisation(db: Db, actor: SessionUser | null, input: OrganisationInput): Promise<{ id: string }> {
  assertRole(actor, "admin");
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(organisations).values(input).returning().catch(refuseTakenShortName);
    await writeAudit(tx, { actor, action: "organisation.create", entityType: "organisation", entityId: created!.id, after: auditable(created!) });
    return { id: created!.id };
  });
}

/** Saves an edit made on `baseVersion`; a form loaded before someone else's edit is refused with theirs. */
export async function updateOrganisation(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input }: { id: string; baseVersion: number; input: OrganisationInput },
): Promise<{ version: number }> {
  assertRole(actor, "admin");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for("update");
    if (!before) throw new NotFoundError("organisation");
    if (before.version !== baseVersion) throw await staleOrganisationError(tx, before);
    const [after] = await tx
      .update(organisations)
      .set({ ...input, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(organisations.id, id), eq(organisations.version, baseVersion)))
      .returning()
      .catch(refuseTakenShortName);
    await writeAudit(tx, { actor, action: "organisation.update", entityType: "organisation", entityId: id, before: auditable(before), after: auditable(after!) });
    return { version: after!.version };
  });
}

/** Organisations carry no updated-by column: who changed it last is the latest audit row. */
async function staleOrganisationError(tx: Tx, row: Organisation): Promise<StaleVersionError> {
  const [last] = await tx
    .select({ by: auditLog.actorEmail })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "organisation"), eq(auditLog.entityId, row.id)))
    .orderBy(sql`${auditLog.id} desc`)
    .limit(1);
  return new StaleVersionError({ entity: "organisation", changedAt: row.updatedAt.toISOString(), changedBy: last?.by ?? null, version: row.version });
}
