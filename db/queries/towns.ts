import "server-only";
import { and, asc, count, eq, or, sql } from "drizzle-orm";
import type { LocalizedName } from "@/lib/localized-name";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { incidents } from "../schema/incidents";
import { areaNotices, oblasts, towns } from "../schema/places";
import { routes } from "../schema/routes";
import { writeAudit } from "./audit";
import { staleVersionError } from "./stale-version";
import { isUniqueViolation, NotFoundError, RefusedWriteError } from "./write-errors";

export type TownInput = LocalizedName & {
  slug: string;
  aliases: string[];
  oblastId: string;
  pcode: string | null;
  lat: number;
  lon: number;
};

export async function listOblasts(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({ id: oblasts.id, slug: oblasts.slug, nameUk: oblasts.nameUk, nameRu: oblasts.nameRu, nameEn: oblasts.nameEn })
    .from(oblasts)
    .orderBy(asc(oblasts.nameEn));
}

/** Every town with its oblast and how many routes start or end there. */
export async function listTownsForCoordinators(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({
      id: towns.id,
      slug: towns.slug,
      nameUk: towns.nameUk,
      nameRu: towns.nameRu,
      nameEn: towns.nameEn,
      aliases: towns.aliases,
      pcode: towns.pcode,
      lat: towns.lat,
      lon: towns.lon,
      oblast: { nameUk: oblasts.nameUk, nameRu: oblasts.nameRu, nameEn: oblasts.nameEn },
      routeCount: sql<number>`(select count(*) from ${routes} where ${routes.originTownId} = ${towns.id} or ${routes.destinationTownId} = ${towns.id})::int`,
    })
    .from(towns)
    .innerJoin(oblasts, eq(towns.oblastId, oblasts.id))
    .orderBy(asc(towns.nameEn));
}

/** Every town's names and point, for maps and town pickers (no per-town route counts). */
export async function listTownPoints(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({ id: towns.id, slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn, lat: towns.lat, lon: towns.lon })
    .from(towns)
    .orderBy(asc(towns.nameEn));
}

export type TownPoint = Awaited<ReturnType<typeof listTownPoints>>[number];

export async function getTownForEdit(db: Db, actor: SessionUser | null, slug: string) {
  assertRole(actor, "coordinator");
  const [town] = await db.select().from(towns).where(eq(towns.slug, slug)).limit(1);
  return town ?? null;
}

const auditable = (t: typeof towns.$inferSelect) => ({
  slug: t.slug,
  nameUk: t.nameUk,
  nameRu: t.nameRu,
  nameEn: t.nameEn,
  aliases: t.aliases,
  oblastId: t.oblastId,
  pcode: t.pcode,
  lat: t.lat,
  lon: t.lon,
  version: t.version,
});

function slugTaken(error: unknown): never {
  if (isUniqueViolation(error, "towns_slug_unique")) throw new RefusedWriteError("slug", { code: "slugTaken" });
  throw error;
}

async function assertOblastExists(tx: Pick<Db, "select">, oblastId: string) {
  const [found] = await tx.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.id, oblastId)).limit(1);
  if (!found) throw new RefusedWriteError("oblastId", { code: "invalidChoice" });
}

/** Locks the town and checks it is still the version the coordinator saw. */
async function lockTownAtVersion(tx: Pick<Db, "select">, id: string, baseVersion: number) {
  const [before] = await tx.select().from(towns).where(eq(towns.id, id)).for("update");
  if (!before) throw new NotFoundError("town");
  if (before.version !== baseVersion) throw await staleVersionError(tx, "town", before);
  return before;
}

export async function createTown(db: Db, actor: SessionUser | null, input: TownInput): Promise<{ id: string; slug: string }> {
  assertRole(actor, "coordinator");
  return db
    .transaction(async (tx) => {
      await assertOblastExists(tx, input.oblastId);
      const [created] = await tx.insert(towns).values({ ...input, updatedBy: actor.id }).returning();
      await writeAudit(tx, { actor, action: "town.create", entityType: "town", entityId: created!.id, after: auditable(created!) });
      return { id: created!.id, slug: created!.slug };
    })
    .catch(slugTaken);
}

/** Saves an edit made on `baseVersion`; refused with the newer state if someone saved first. */
export async function updateTown(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input }: { id: string; baseVersion: number; input: TownInput },
): Promise<{ slug: string; version: number }> {
  assertRole(actor, "coordinator");
  return db
    .transaction(async (tx) => {
      const before = await lockTownAtVersion(tx, id, baseVersion);
      await assertOblastExists(tx, input.oblastId);
      const [after] = await tx
        .update(towns)
        .set({ ...input, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
        .where(and(eq(towns.id, id), eq(towns.version, baseVersion)))
        .returning();
      await writeAudit(tx, { actor, action: "town.update", entityType: "town", entityId: id, before: auditable(before), after: auditable(after!) });
      return { slug: after!.slug, version: after!.version };
    })
    .catch(slugTaken);
}

/**
 * Deletes a town nothing refers to. A town that routes use is refused with those routes named,
 * since deleting it would take the routes (and what residents rely on) with it.
 */
export async function deleteTown(db: Db, actor: SessionUser | null, { id, baseVersion }: { id: string; baseVersion: number }): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockTownAtVersion(tx, id, baseVersion);
    const using = await tx
      .select({ slug: routes.slug })
      .from(routes)
      .where(or(eq(routes.originTownId, id), eq(routes.destinationTownId, id)))
      .orderBy(asc(routes.slug));
    if (using.length > 0) {
      throw new RefusedWriteError("form", { code: "townUsedByRoutes", values: { routes: using.map((r) => r.slug).join(", ") } });
    }
    const [notices] = await tx.select({ n: count() }).from(areaNotices).where(eq(areaNotices.townId, id));
    const [logged] = await tx.select({ n: count() }).from(incidents).where(eq(incidents.townId, id));
    if ((notices?.n ?? 0) > 0 || (logged?.n ?? 0) > 0) {
      throw new RefusedWriteError("form", { code: "townHasRecords", values: { notices: notices?.n ?? 0, incidents: logged?.n ?? 0 } });
    }
    await tx.delete(towns).where(eq(towns.id, id));
    await writeAudit(tx, { actor, action: "town.delete", entityType: "town", entityId: id, before: auditable(before) });
  });
}
