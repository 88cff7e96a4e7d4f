import "server-only";
import { asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../client";
import { oblasts, towns } from "../schema/places";
import { routes } from "../schema/routes";
import { townColumns } from "./columns";
import type { PublicTown } from "./types";

function selectTowns(db: Db) {
  return db.select(townColumns).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id));
}

/** Every town, by English name: what the resident search matches against (names and aliases). */
export async function listSearchableTowns(db: Db): Promise<PublicTown[]> {
  return selectTowns(db).orderBy(asc(towns.nameEn), asc(towns.slug));
}

/** Towns that are the origin or destination of at least one route, by English name (the API's list). */
export async function listPublicTowns(db: Db): Promise<PublicTown[]> {
  const hasRoute = or(
    inArray(towns.id, db.select({ id: routes.originTownId }).from(routes)),
    inArray(towns.id, db.select({ id: routes.destinationTownId }).from(routes)),
  );
  return selectTowns(db).where(hasRoute).orderBy(asc(towns.nameEn), asc(towns.slug));
}

/** One town by its public slug, or null. */
export async function getPublicTown(db: Db, { slug }: { slug?: string }): Promise<PublicTown | null> {
  if (!slug) return null;
  const [town] = await selectTowns(db).where(eq(towns.slug, slug)).limit(1);
  return town ?? null;
}
