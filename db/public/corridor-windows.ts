import "server-only";
import { isUuidText } from "@/lib/uuid-text";
import { and, asc, eq, gt, inArray, ne, sql, type SQL } from "drizzle-orm";
import { agreementPhase } from "@/lib/agreement-window";
import type { Db } from "../client";
import { agreementRoutes, corridorAgreements, corridorAlerts } from "../schema/agreements";
import { routes } from "../schema/routes";
import { corridorAlertColumns, corridorWindowColumns, destinationTown, originTown, routeRefColumns } from "./columns";
import type {
  PublicCorridorMessage,
  PublicCorridorWindow,
  PublicCorridorWindowWithMessages,
  PublicOpenCorridorWindow,
  PublicRouteRef,
  PublicWindowPhase,
  PublicWithdrawnCorridorWindow,
} from "./types";

// Only agreed agreements have a public window: proposed, suspended, violated, rejected and
// cancelled ones stay on the coordinators' pages, as do parties, representatives, terms and claims.

/** The one covered-routes query: agreed windows matching `where`, each with every route it covers. */
async function selectWindows(db: Db, now: Date, where: SQL | undefined): Promise<PublicCorridorWindow[]> {
  const rows = await db
    .select({ ...corridorWindowColumns, ...routeRefColumns })
    .from(corridorAgreements)
    .leftJoin(agreementRoutes, eq(agreementRoutes.agreementId, corridorAgreements.id))
    .leftJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .leftJoin(originTown, eq(routes.originTownId, originTown.id))
    .leftJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .where(and(eq(corridorAgreements.state, "agreed"), where))
    .orderBy(asc(corridorAgreements.windowStart), asc(corridorAgreements.id), asc(originTown.nameEn), asc(routes.slug));
  const byId = new Map<string, PublicCorridorWindow>();
  for (const { routeId, routeSlug, origin, destination, state, ...window } of rows) {
    let entry = byId.get(window.id);
    if (!entry) {
      const { phase, timeLeftMs } = agreementPhase({ state, windowStart: window.windowStart, windowEnd: window.windowEnd }, now);
      const shown: PublicWindowPhase = phase === "active" || phase === "upcoming" ? phase : "ended";
      entry = { ...window, phase: shown, timeLeftMs: shown === "ended" ? null : timeLeftMs, routes: [] };
      byId.set(window.id, entry);
    }
    // An agreement covering no route yet comes back once, with the joined route all null.
    if (routeId !== null && routeSlug !== null && origin && destination) entry.routes.push({ id: routeId, slug: routeSlug, origin, destination });
  }
  return [...byId.values()];
}

/**
 * Agreed windows that have not ended at `now`, soonest first; with `routeIds`, only those covering
 * one of those routes (each still lists every route it covers).
 */
export async function listPublicCorridorWindows(
  db: Db,
  { now, routeIds }: { now: Date; routeIds?: string[] },
): Promise<PublicOpenCorridorWindow[]> {
  const ids = routeIds && [...new Set(routeIds)].filter(isUuidText);
  if (ids && ids.length === 0) return [];
  const covering = ids
    ? inArray(corridorAgreements.id, db.select({ id: agreementRoutes.agreementId }).from(agreementRoutes).where(inArray(agreementRoutes.routeId, ids)))
    : undefined;
  const windows = await selectWindows(db, now, and(gt(corridorAgreements.windowEnd, now), covering));
  return windows.filter((w): w is PublicOpenCorridorWindow => w.phase !== "ended" && w.timeLeftMs !== null);
}

/** The CAP messages published about these agreements, oldest first per agreement. */
async function publishedMessages(db: Db, agreementIds: string[]) {
  if (agreementIds.length === 0) return new Map<string, Array<PublicCorridorMessage & { windowStart: Date; windowEnd: Date }>>();
  const rows = await db
    .select(corridorAlertColumns)
    .from(corridorAlerts)
    .where(inArray(corridorAlerts.agreementId, agreementIds))
    .orderBy(asc(corridorAlerts.agreementId), asc(corridorAlerts.version));
  const byAgreement = new Map<string, Array<PublicCorridorMessage & { windowStart: Date; windowEnd: Date }>>();
  for (const { agreementId, ...message } of rows) {
    const list = byAgreement.get(agreementId);
    if (list) list.push(message);
    else byAgreement.set(agreementId, [message]);
  }
  return byAgreement;
}

const messageOf = ({ version, msgType, sentAt }: PublicCorridorMessage): PublicCorridorMessage => ({ version, msgType, sentAt });

/**
 * One agreed window, ended or not (a CAP alert stays addressable), with the CAP messages published
 * about it; null for any other state.
 */
export async function getPublicCorridorWindow(db: Db, { now, id }: { now: Date; id?: string }): Promise<PublicCorridorWindowWithMessages | null> {
  if (!id || !isUuidText(id)) return null;
  const window = (await selectWindows(db, now, eq(corridorAgreements.id, id)))[0];
  if (!window) return null;
  const published = (await publishedMessages(db, [window.id])).get(window.id) ?? [];
  return { ...window, published: published.map(messageOf) };
}

// A withdrawn window: the agreement is no longer agreed and the last message about it is a Cancel.
// A proposal that was rejected never had a message (it was never public), so it never matches.
const lastMessageIsCancel = sql`(select ${corridorAlerts.msgType} from ${corridorAlerts} where ${corridorAlerts.agreementId} = ${corridorAgreements.id} order by ${corridorAlerts.version} desc limit 1) = 'Cancel'`;

async function selectWithdrawn(db: Db, where: SQL | undefined): Promise<PublicWithdrawnCorridorWindow[]> {
  const rows = await db
    .select({ id: corridorAgreements.id })
    .from(corridorAgreements)
    .where(and(ne(corridorAgreements.state, "agreed"), lastMessageIsCancel, where));
  const ids = rows.map((r) => r.id);
  const [messages, covered] = await Promise.all([publishedMessages(db, ids), coveredRoutes(db, ids)]);
  return rows.flatMap(({ id }) => {
    const published = messages.get(id) ?? [];
    const cancel = published[published.length - 1];
    if (!cancel || cancel.msgType !== "Cancel") return [];
    return [{ id, windowStart: cancel.windowStart, windowEnd: cancel.windowEnd, published: published.map(messageOf), routes: covered.get(id) ?? [] }];
  });
}

/**
 * The routes these agreements cover, as any public route is referred to (slug, origin and
 * destination towns): a withdrawn window's Cancel names its area, as its Alert did. Routes are
 * public in their own right; the agreement's title, terms and parties are not read.
 */
async function coveredRoutes(db: Db, agreementIds: string[]): Promise<Map<string, PublicRouteRef[]>> {
  const byAgreement = new Map<string, PublicRouteRef[]>();
  if (agreementIds.length === 0) return byAgreement;
  const rows = await db
    .select({ agreementId: agreementRoutes.agreementId, ...routeRefColumns })
    .from(agreementRoutes)
    .innerJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .where(inArray(agreementRoutes.agreementId, agreementIds))
    .orderBy(asc(agreementRoutes.agreementId), asc(originTown.nameEn), asc(routes.slug));
  for (const { agreementId, routeId, routeSlug, origin, destination } of rows) {
    const list = byAgreement.get(agreementId) ?? [];
    list.push({ id: routeId, slug: routeSlug, origin, destination });
    byAgreement.set(agreementId, list);
  }
  return byAgreement;
}

/** A withdrawn (once agreed) window's identifying data and covered routes, for its CAP Cancel; null for anything else. */
export async function getPublicWithdrawnCorridorWindow(db: Db, { id }: { id?: string }): Promise<PublicWithdrawnCorridorWindow | null> {
  if (!id || !isUuidText(id)) return null;
  return (await selectWithdrawn(db, eq(corridorAgreements.id, id)))[0] ?? null;
}

/**
 * Withdrawn windows whose public window has not ended at `now`, soonest first: the CAP index lists
 * their Cancel for as long as the window would have lasted, so a receiver that saw the Alert late
 * still learns it was withdrawn before relying on it.
 */
export async function listPublicWithdrawnCorridorWindows(db: Db, { now }: { now: Date }): Promise<PublicWithdrawnCorridorWindow[]> {
  const cancelledWindowOpen = sql`exists (select 1 from ${corridorAlerts} where ${corridorAlerts.agreementId} = ${corridorAgreements.id} and ${corridorAlerts.msgType} = 'Cancel' and ${corridorAlerts.windowEnd} > ${now.toISOString()}::timestamptz)`;
  const withdrawn = await selectWithdrawn(db, cancelledWindowOpen);
  return withdrawn
    .filter((w) => w.windowEnd.getTime() > now.getTime())
    .sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || a.id.localeCompare(b.id));
}
