import fs from "node:fs";
import path from "node:path";
import type { Db } from "../client";
import { corridorAgreements } from "../schema/agreements";
import { incidents } from "../schema/incidents";
import { towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import type { PublicReadArgs } from "../public/types";

// Every read of the public boundary, found by listing db/public: a new file or export there is
// called here without anyone editing a test. Not reads: columns.ts, types.ts and tests.

const PUBLIC_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "public");
const NOT_READS = new Set(["columns.ts", "types.ts"]);

export type PublicRead = { name: string; read: (db: Db, args: PublicReadArgs) => Promise<unknown> };

export async function publicReads(): Promise<PublicRead[]> {
  const files = fs
    .readdirSync(PUBLIC_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !NOT_READS.has(f))
    .sort();
  const reads: PublicRead[] = [];
  for (const file of files) {
    const mod = (await import(path.join(PUBLIC_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") reads.push({ name: `${file}:${name}`, read: value as PublicRead["read"] });
    }
  }
  return reads;
}

/**
 * The arguments every read is called with: nothing but the clock, then each town and route slug,
 * each status event, agreement and incident id, every route at once, and a large limit.
 */
export async function publicReadProbes(db: Db, now: Date): Promise<PublicReadArgs[]> {
  const [townRows, routeRows, eventRows, agreementRows, incidentRows] = await Promise.all([
    db.select({ slug: towns.slug }).from(towns),
    db.select({ id: routes.id, slug: routes.slug }).from(routes),
    db.select({ id: routeStatusEvents.id }).from(routeStatusEvents),
    db.select({ id: corridorAgreements.id }).from(corridorAgreements),
    db.select({ id: incidents.id }).from(incidents),
  ]);
  return [
    { now },
    { now, limit: 10_000 },
    { now, routeIds: routeRows.map((r) => r.id) },
    ...[...townRows, ...routeRows].map((r) => ({ now, slug: r.slug })),
    ...[...eventRows, ...agreementRows, ...incidentRows].map((r) => ({ now, id: r.id })),
  ];
}

/** Calls every public read with every probe; results in a stable order. */
export async function callEveryPublicRead(db: Db, now: Date): Promise<Array<{ name: string; args: PublicReadArgs; result: unknown }>> {
  const [reads, probes] = await Promise.all([publicReads(), publicReadProbes(db, now)]);
  const out: Array<{ name: string; args: PublicReadArgs; result: unknown }> = [];
  for (const { name, read } of reads) {
    for (const args of probes) out.push({ name, args, result: await read(db, args) });
  }
  return out;
}
