import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { oblasts, towns } from "../schema/places";
import type { PublicTownName } from "./public-routes";

// Reads for the lite pages that public-routes.ts does not cover. Explicit public columns only.

export type PublicLiteTown = PublicTownName & { oblastSlug: string };

/** A town by its public slug with its oblast's slug (to pick the notices that concern it), or null. */
export async function findPublicLiteTown(db: Db, slug: string): Promise<PublicLiteTown | null> {
  const [row] = await db
    .select({ slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn, oblastSlug: oblasts.slug })
    .from(towns)
    .innerJoin(oblasts, eq(towns.oblastId, oblasts.id))
    .where(eq(towns.slug, slug))
    .limit(1);
  return row ?? null;
}
