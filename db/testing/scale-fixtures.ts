import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../client";
import { incidents } from "../schema/incidents";
import { routes } from "../schema/routes";

// Writes the API paging tests need on the scale scenario, kept here so the tests beside the
// public handlers import no table (a lint rule keeps tables out of public code).

export async function countRoutes(db: Db): Promise<number> {
  return (await db.select({ id: routes.id }).from(routes)).length;
}

export async function countPublishedIncidents(db: Db): Promise<number> {
  return (await db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.visibility, "public"), ne(incidents.verification, "false")))).length;
}

/** A copy of the route `slug` under `copySlug`; returns a function that removes it. */
export async function copyRoute(db: Db, slug: string, copySlug: string): Promise<() => Promise<void>> {
  const [source] = await db.select().from(routes).where(eq(routes.slug, slug));
  const { id: _id, ...copy } = source!;
  await db.insert(routes).values({ ...copy, slug: copySlug });
  return async () => {
    await db.delete(routes).where(eq(routes.slug, copySlug));
  };
}

/** Marks the route written at `at` (as an edit or a status change would). */
export async function touchRoute(db: Db, slug: string, at: Date): Promise<void> {
  await db.update(routes).set({ updatedAt: at }).where(eq(routes.slug, slug));
}
