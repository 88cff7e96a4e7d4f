import "server-only";
import crypto from "node:crypto";
import { and, arrayOverlaps, asc, count, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import type { Locale } from "@/i18n/routing";
import { assertRole } from "@/lib/roles";
import { AccessError, type SessionUser } from "@/lib/session-user";
import {
  canChangeTransportRequestStatus,
  claimDecision,
  erasureCutoff,
  DEFAULT_STALE_CLAIM_HOURS,
  isOpenTransportRequestStatus,
  mostSimilarAddress,
  REFERENCE_CODE_RANDOM_BYTES,
  referenceCodeFrom,
  staleClaimCutoff,
  type MedicalNeed,
  type MobilityLevel,
  type RequestChannel,
  type RequesterKind,
  type TransportRequestStatus,
} from "@/lib/transport-requests";
import type { Db, Tx } from "../client";
import { messagePending, requestDialogues } from "../schema/messaging";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { transportRequestEvents, transportRequests } from "../schema/transport-requests";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { getActorOrganisationId } from "./organisations";
import { isUniqueViolation, NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";

// Requests for transport. What is written here in clear is only the non-personal facts; the
// personal details arrive already sealed and hashed (server/transport-requests/personal.ts) and
// no function here returns them except the audited reveal. Audit rows and events name the
// request by id and reference code, the town and the needs, never a personal value, so erasing
// a request's sealed value leaves nothing of the person anywhere.

/** From one phone number or Telegram account, at most this many requests an hour: more is a script or a mistake. */
export const MAX_REQUESTS_PER_CONTACT_PER_HOUR = 50;

export type TransportRequestFacts = {
  townSlug: string;
  peopleCount: number;
  childrenCount: number;
  mobility: MobilityLevel;
  pets: boolean;
  medicalNeeds: MedicalNeed[];
  locale: Locale;
  requesterKind: RequesterKind;
  /** Null only for a hotline request the caller could not consent to on the phone (the operator gives the reason). */
  consentLocale: Locale | null;
  /** Facts the requester did not give (an SMS names only the town): their stored values are placeholders. */
  unknownFields?: string[];
};

export type SealedPersonal = {
  personalSealed: string;
  phoneHash: string | null;
  telegramHash: string | null;
  /** Keyed hashes of the address's normalised words, for the similar-address check; none without an address. */
  addressTokenHashes?: string[] | null;
};

/** How many of a town's open requests sharing an address word are compared with a new one. */
const SIMILAR_ADDRESS_CANDIDATES = 200;

/**
 * Stores a request and its first event; returns the reference code the requester is given.
 * `actor` is the hotline operator, or null for a resident's own request (web, bot, SMS), which
 * must carry a contact. Refused, with nothing stored: an unknown town, a request with no contact
 * from anyone but a hotline operator, and a contact that has already made 50 requests this hour.
 * `channel` is where it was asked: "hotline" exactly when a staff actor enters it.
 */
export async function createTransportRequest(
  db: Db,
  actor: SessionUser | null,
  { channel, facts, sealed, now = new Date() }: { channel: RequestChannel; facts: TransportRequestFacts; sealed: SealedPersonal; now?: Date },
): Promise<{ id: string; referenceCode: string }> {
  if (actor) assertRole(actor, "coordinator");
  // A caller's slip, not the resident's: STOP's rule depends on this being right.
  if ((actor !== null) !== (channel === "hotline")) throw new Error(`A request by ${actor ? "a staff actor" : "a resident"} cannot come in by ${channel}`);
  const noContact = !sealed.phoneHash && !sealed.telegramHash;
  if (noContact && (!actor || facts.requesterKind !== "hotline")) throw new RefusedWriteError("phone", { code: "contactRequired" });
  return db.transaction(async (tx) => {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.slug, facts.townSlug)).limit(1);
    if (!town) throw new RefusedWriteError("town", { code: "unknownTown" });
    await refuseOverHourlyLimit(tx, sealed, now);
    const possibleDuplicateOfId = await findSimilarAddress(tx, town.id, sealed.addressTokenHashes ?? []);
    const { townSlug, consentLocale, unknownFields = [], ...rest } = facts;
    for (let attempt = 0; ; attempt++) {
      const referenceCode = referenceCodeFrom(crypto.randomBytes(REFERENCE_CODE_RANDOM_BYTES));
      try {
        const [row] = await tx
          .insert(transportRequests)
          .values({
            ...rest,
            ...sealed,
            addressTokenHashes: sealed.addressTokenHashes && sealed.addressTokenHashes.length > 0 ? sealed.addressTokenHashes : null,
            possibleDuplicateOfId,
            unknownFields,
            channel,
            referenceCode,
            townId: town.id,
            consentLocale,
            consentedAt: consentLocale ? now : null,
            createdBy: actor?.id ?? null,
            updatedBy: actor?.id ?? null,
            createdAt: now,
            updatedAt: now,
            lastProgressAt: now,
          })
          .returning({ id: transportRequests.id });
        await tx.insert(transportRequestEvents).values({ requestId: row!.id, kind: "created", status: "new", actorId: actor?.id ?? null, requestVersion: 1, at: now });
        // A resident's own request has no staff actor and no audit row (like a subscription):
        // the events table is its history. A hotline entry is a staff write and is audited.
        if (actor) await writeAudit(tx, { actor, action: "transport_request.create", entityType: "transport_request", entityId: row!.id, after: auditable({ ...rest, referenceCode, townSlug }) });
        return { id: row!.id, referenceCode };
      } catch (error) {
        // 40 random bits: a second collision in a row means something else is wrong.
        if (attempt < 2 && isUniqueViolation(error, "transport_requests_reference_code_unique")) continue;
        throw error;
      }
    }
  });
}

/** Counted under a lock on the contact's hash, so 50 requests sent at once cannot all slip past. */
async function refuseOverHourlyLimit(tx: Tx, sealed: SealedPersonal, now: Date): Promise<void> {
  const hashes = [sealed.phoneHash, sealed.telegramHash].filter((h): h is string => h !== null);
  for (const hash of hashes.sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${hash}, 0))`);
  if (hashes.length === 0) return;
  const since = new Date(now.getTime() - 60 * 60 * 1000);
  const [row] = await tx
    .select({ n: count() })
    .from(transportRequests)
    .where(
      and(
        gte(transportRequests.createdAt, since),
        or(...hashes.flatMap((h) => [eq(transportRequests.phoneHash, h), eq(transportRequests.telegramHash, h)])),
      ),
    );
  if ((row?.n ?? 0) >= MAX_REQUESTS_PER_CONTACT_PER_HOUR) throw new RefusedWriteError("phone", { code: "tooManyRequests", values: { max: MAX_REQUESTS_PER_CONTACT_PER_HOUR } });
}

/**
 * An open request in the same town whose address is similar to this one's (lib's rule, on the
 * keyed hashes of the words: nothing is opened). Only requests sharing at least one word are read,
 * through the GIN index, so a town with thousands of requests costs no more than a few.
 */
async function findSimilarAddress(tx: Tx, townId: string, tokens: string[]): Promise<string | null> {
  if (tokens.length === 0) return null;
  const candidates = await tx
    .select({ id: transportRequests.id, tokens: transportRequests.addressTokenHashes })
    .from(transportRequests)
    .where(and(eq(transportRequests.townId, townId), sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`, arrayOverlaps(transportRequests.addressTokenHashes, tokens)))
    .orderBy(asc(transportRequests.createdAt))
    .limit(SIMILAR_ADDRESS_CANDIDATES);
  return mostSimilarAddress(tokens, candidates)?.id ?? null;
}

/** What an audit row keeps of a request: its facts, never a personal value. */
function auditable(r: { referenceCode: string; townSlug?: string; status?: TransportRequestStatus; peopleCount: number; childrenCount: number; mobility: string; pets: boolean; medicalNeeds: string[] }) {
  return { referenceCode: r.referenceCode, townSlug: r.townSlug, status: r.status, peopleCount: r.peopleCount, childrenCount: r.childrenCount, mobility: r.mobility, pets: r.pets, medicalNeeds: r.medicalNeeds };
}

type Row = typeof transportRequests.$inferSelect;

async function lockRequest(tx: Tx, id: string): Promise<Row> {
  const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, id)).for("update");
  if (!row) throw new NotFoundError("transportRequest");
  return row;
}

async function staleRequestError(tx: Tx, row: Row): Promise<StaleVersionError> {
  const [by] = row.updatedBy ? await tx.select({ email: users.email }).from(users).where(eq(users.id, row.updatedBy)).limit(1) : [];
  return new StaleVersionError({ entity: "transportRequest", changedAt: row.updatedAt.toISOString(), changedBy: by?.email ?? null, version: row.version });
}

/**
 * Claims a request for the actor's organisation, or takes over another organisation's claim that
 * has had no progress for the stale time (lib's `claimDecision`, on the row as locked, with the
 * time passed in). Of two organisations claiming at once exactly one wins: the row is locked, so
 * the second decides on the first's claim and is refused. A take-over is audited as one, naming
 * the organisation that lost it, and the requester is told, as for any claim (the event's trigger).
 */
export async function claimTransportRequest(
  db: Db,
  actor: SessionUser | null,
  { id, now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS }: { id: string; now?: Date; staleHours?: number },
): Promise<{ version: number; tookOverFrom: string | null }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await getActorOrganisationId(tx, actor);
    if (!organisationId) throw new RefusedWriteError("form", { code: "noOrganisation" });
    const before = await lockRequest(tx, id);
    const decision = claimDecision(before, organisationId, now, staleHours);
    if (decision.kind === "refused") throw new RefusedWriteError("form", { code: decision.code });
    const version = before.version + 1;
    await tx
      .update(transportRequests)
      .set({ claimedByOrganisationId: organisationId, claimedAt: now, lastProgressAt: now, updatedAt: now, updatedBy: actor.id, version })
      .where(eq(transportRequests.id, id));
    await tx.insert(transportRequestEvents).values({ requestId: id, kind: "claimed", organisationId, actorId: actor.id, requestVersion: version, at: now });
    const tookOverFrom = decision.kind === "takeOver" ? decision.from : null;
    await writeAudit(tx, {
      actor,
      action: tookOverFrom ? "transport_request.take_over" : "transport_request.claim",
      entityType: "transport_request",
      entityId: id,
      before: tookOverFrom ? { referenceCode: before.referenceCode, organisationId: tookOverFrom, lastProgressAt: before.lastProgressAt.toISOString() } : undefined,
      after: { referenceCode: before.referenceCode, organisationId },
    });
    return { version, tookOverFrom };
  });
}

/** Only the claiming organisation (or an admin) acts on a claimed request. */
async function assertActsForClaimant(tx: Tx, actor: SessionUser, row: Row): Promise<string | null> {
  const organisationId = await getActorOrganisationId(tx, actor);
  if (actor.role === "admin") return organisationId;
  if (!row.claimedByOrganisationId || row.claimedByOrganisationId !== organisationId) throw new AccessError("forbidden");
  return organisationId;
}

/** Gives a claimed request back to the shared pool. */
export async function releaseTransportRequest(db: Db, actor: SessionUser | null, { id, baseVersion, now = new Date() }: { id: string; baseVersion: number; now?: Date }): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const before = await lockRequest(tx, id);
    // Who may act is decided before the version: a stale form's refusal names who changed the
    // request and when, which another organisation must not learn.
    const organisationId = await assertActsForClaimant(tx, actor, before);
    if (before.version !== baseVersion) throw await staleRequestError(tx, before);
    const version = before.version + 1;
    await tx
      .update(transportRequests)
      .set({ claimedByOrganisationId: null, claimedAt: null, lastProgressAt: now, updatedAt: now, updatedBy: actor.id, version })
      .where(eq(transportRequests.id, id));
    await tx.insert(transportRequestEvents).values({ requestId: id, kind: "released", organisationId, actorId: actor.id, requestVersion: version, at: now });
    await writeAudit(tx, { actor, action: "transport_request.release", entityType: "transport_request", entityId: id, before: { referenceCode: before.referenceCode, organisationId: before.claimedByOrganisationId } });
    return { version };
  });
}

/**
 * Moves a request along the status machine (lib/transport-requests.ts), on the version the form
 * was loaded at: a form loaded before someone else's change is refused with the newer state.
 * Closing it starts the retention clock for its personal details.
 */
export async function changeTransportRequestStatus(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, status, now = new Date() }: { id: string; baseVersion: number; status: TransportRequestStatus; now?: Date },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const before = await lockRequest(tx, id);
    const organisationId = await assertActsForClaimant(tx, actor, before); // before the version, as in a release
    if (before.version !== baseVersion) throw await staleRequestError(tx, before);
    if (!canChangeTransportRequestStatus(before.status, status)) throw new RefusedWriteError("status", { code: "requestTransitionNotAllowed" });
    // "Duplicate" without saying of which would lose the link between the two: only a merge sets it.
    if (status === "duplicate") throw new RefusedWriteError("status", { code: "duplicateByMerge" });
    const version = before.version + 1;
    await tx
      .update(transportRequests)
      .set({ status, closedAt: isOpenTransportRequestStatus(status) ? null : now, lastProgressAt: now, updatedAt: now, updatedBy: actor.id, version })
      .where(eq(transportRequests.id, id));
    await tx.insert(transportRequestEvents).values({ requestId: id, kind: "status", status, organisationId, actorId: actor.id, requestVersion: version, at: now });
    await writeAudit(tx, {
      actor,
      action: "transport_request.status",
      entityType: "transport_request",
      entityId: id,
      before: { referenceCode: before.referenceCode, status: before.status },
      after: { referenceCode: before.referenceCode, status },
    });
    return { version };
  });
}

export type PoolRequest = {
  id: string;
  version: number;
  townSlug: string;
  townName: { nameUk: string; nameRu: string; nameEn: string };
  status: TransportRequestStatus;
  peopleCount: number;
  childrenCount: number;
  mobility: MobilityLevel;
  pets: boolean;
  medicalNeeds: MedicalNeed[];
  createdAt: Date;
  lastProgressAt: Date;
  /** The claiming organisation's short name, or null while it is in the shared pool. */
  claimedBy: string | null;
  /** Claimed by the reader's own organisation: it may reveal the details and act. */
  claimedByMe: boolean;
  /** Claimed, with no progress for the stale time: flagged to everyone, and anyone may take it over. */
  claimStale: boolean;
  /** Facts the requester did not give (a request by SMS): shown as unknown, to be asked on the call back. */
  unknownFields: string[];
  /** An open request in the same town with a similar address when this one came in: a merge to consider. */
  possibleDuplicateOfId: string | null;
  /** Closed as a duplicate: the request it was merged into. */
  mergedIntoId: string | null;
  /** Where it was asked. */
  channel: RequestChannel;
  /** The channels the person sent STOP on while this request, asked elsewhere, named their contact: not told there any more. */
  updatesRefused: ("sms" | "telegram")[];
};

/**
 * The shared pool every coordinator sees: the open requests, newest last within each town, with
 * their needs and who has claimed them, and nothing that identifies or finds anyone (the sealed
 * value and the hashes are not selected at all).
 */
export async function listTransportRequestPool(
  db: Db,
  actor: SessionUser | null,
  { townSlug, now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS, limit = 500 }: { townSlug?: string; now?: Date; staleHours?: number; limit?: number } = {},
): Promise<PoolRequest[]> {
  assertRole(actor, "coordinator");
  const where = [sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`];
  if (townSlug) where.push(eq(towns.slug, townSlug));
  return selectPoolRows(db, actor, { now, staleHours })
    .where(and(...where))
    .orderBy(towns.slug, transportRequests.createdAt)
    .limit(limit);
}

/** Requests on one page of the pool: enough to scan a town's list, few enough for a phone on a poor link. */
export const POOL_PAGE_SIZE = 100;

export type PoolPage = {
  requests: PoolRequest[];
  /** Open requests in all (or in the chosen town), and how many of them no organisation holds. */
  total: number;
  unclaimed: number;
  /** Open requests before this page, in the pool's order: this page starts at the next one. */
  before: number;
  /** Per town on this page: its open and unclaimed requests in all, on this page or not. */
  byTown: Map<string, { open: number; unclaimed: number }>;
  /** The last request of this page when more follow: the next page starts after it. */
  nextAfter: string | null;
};

/**
 * One page of the shared pool, in its order (town, then oldest first), with the totals the page
 * states, so a pool of thousands is never cut without saying so. `after` is the id of the last
 * request of the page before (a key, not an offset: a request claimed or closed meanwhile moves no
 * other onto the wrong page). Null when `after` names no request: the caller says the link is
 * stale and shows the first page.
 */
export async function pageTransportRequestPool(
  db: Db,
  actor: SessionUser | null,
  { townSlug, after, now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS, pageSize = POOL_PAGE_SIZE }: { townSlug?: string; after?: string; now?: Date; staleHours?: number; pageSize?: number } = {},
): Promise<PoolPage | null> {
  assertRole(actor, "coordinator");
  const open = sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`;
  const inTown = townSlug ? [eq(towns.slug, townSlug)] : [];
  // The pool's order as one row value; the cursor's own row gives its place exactly (to the microsecond).
  const key = sql`(${towns.slug}, ${transportRequests.createdAt}, ${transportRequests.id})`;
  const cursor = after ? sql`(select t."slug", r."created_at", r."id" from ${transportRequests} r join ${towns} t on t."id" = r."town_id" where r."id" = ${after}::uuid)` : null;
  if (after) {
    const [found] = await db.select({ id: transportRequests.id }).from(transportRequests).where(eq(transportRequests.id, after)).limit(1);
    if (!found) return null;
  }
  const rows = await selectPoolRows(db, actor, { now, staleHours })
    .where(and(open, ...inTown, ...(cursor ? [sql`${key} > ${cursor}`] : [])))
    .orderBy(towns.slug, transportRequests.createdAt, transportRequests.id)
    .limit(pageSize + 1);
  const requests = rows.slice(0, pageSize);
  const counts = await db
    .select({
      townSlug: towns.slug,
      open: sql<number>`count(*)::int`,
      unclaimed: sql<number>`(count(*) filter (where ${transportRequests.claimedByOrganisationId} is null))::int`,
      before: cursor ? sql<number>`(count(*) filter (where ${key} <= ${cursor}))::int` : sql<number>`0`,
    })
    .from(transportRequests)
    .innerJoin(towns, eq(transportRequests.townId, towns.id))
    .where(and(open, ...inTown))
    .groupBy(towns.slug);
  const shown = new Set(requests.map((r) => r.townSlug));
  const byTown = new Map(counts.filter((c) => shown.has(c.townSlug)).map((c) => [c.townSlug, { open: c.open, unclaimed: c.unclaimed }]));
  const sum = (f: (c: (typeof counts)[number]) => number) => counts.reduce((n, c) => n + f(c), 0);
  return {
    requests,
    total: sum((c) => c.open),
    unclaimed: sum((c) => c.unclaimed),
    before: sum((c) => Number(c.before)),
    byTown,
    nextAfter: rows.length > pageSize ? requests.at(-1)!.id : null,
  };
}

/** One request as the pool shows it, open or closed (its page): still no personal value, nor its reference code (the withdrawal key). */
export async function getPoolTransportRequest(
  db: Db,
  actor: SessionUser | null,
  { id, now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS }: { id: string; now?: Date; staleHours?: number },
): Promise<PoolRequest | null> {
  assertRole(actor, "coordinator");
  const [row] = await selectPoolRows(db, actor, { now, staleHours }).where(eq(transportRequests.id, id)).limit(1);
  return row ?? null;
}

function selectPoolRows(db: Db, actor: SessionUser, { now, staleHours }: { now: Date; staleHours: number }) {
  const organisationId = sql`(select u."organisation_id" from ${users} u where u."id" = ${actor.id}::uuid)`;
  const staleBefore = staleClaimCutoff(now, staleHours).toISOString();
  return db
    .select({
      id: transportRequests.id,
      version: transportRequests.version,
      townSlug: towns.slug,
      townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      status: transportRequests.status,
      peopleCount: transportRequests.peopleCount,
      childrenCount: transportRequests.childrenCount,
      mobility: transportRequests.mobility,
      pets: transportRequests.pets,
      medicalNeeds: transportRequests.medicalNeeds,
      createdAt: transportRequests.createdAt,
      lastProgressAt: transportRequests.lastProgressAt,
      claimedBy: sql<string | null>`(select o."short_name" from ${organisations} o where o."id" = ${transportRequests.claimedByOrganisationId})`,
      claimedByMe: sql<boolean>`coalesce(${transportRequests.claimedByOrganisationId} = ${organisationId}, false)`,
      claimStale: sql<boolean>`(${transportRequests.claimedByOrganisationId} is not null and ${transportRequests.status} in ('new', 'contacted', 'scheduled') and ${transportRequests.lastProgressAt} <= ${staleBefore}::timestamptz)`,
      unknownFields: transportRequests.unknownFields,
      possibleDuplicateOfId: transportRequests.possibleDuplicateOfId,
      mergedIntoId: transportRequests.mergedIntoId,
      channel: transportRequests.channel,
      updatesRefused: sql<("sms" | "telegram")[]>`array_remove(array[case when ${transportRequests.smsRefusedAt} is not null then 'sms' end, case when ${transportRequests.telegramRefusedAt} is not null then 'telegram' end], null)`,
    })
    .from(transportRequests)
    .innerJoin(towns, eq(transportRequests.townId, towns.id))
    .$dynamic();
}

/**
 * The one way to a request's personal details: only for the organisation that claimed it, or an
 * admin, and every call writes an audit row (who, which request, when) in the same transaction
 * as the read, so no reveal goes unrecorded. Returns the sealed value; the caller opens it
 * (server/transport-requests/reveal.ts) and nothing opened is ever written back.
 */
export async function revealTransportRequestPersonal(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<{ referenceCode: string; personalSealed: string | null }> {
  assertRole(actor, "coordinator");
  return db.transaction((tx) => revealTransportRequestPersonalIn(tx, actor, { id }));
}

/**
 * The same reveal inside the caller's transaction, for a read that opens several requests at once
 * (a run's manifest): the same check, and the same audit row per request, naming what it was for.
 */
export async function revealTransportRequestPersonalIn(tx: Tx, actor: SessionUser, { id, via }: { id: string; via?: string }): Promise<{ referenceCode: string; personalSealed: string | null }> {
  const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, id)).limit(1);
  if (!row) throw new NotFoundError("transportRequest");
  const organisationId = await assertActsForClaimant(tx, actor, row);
  await writeAudit(tx, {
    actor,
    action: "transport_request.reveal",
    entityType: "transport_request",
    entityId: id,
    after: { referenceCode: row.referenceCode, organisationId, erased: row.personalSealed === null, ...(via ? { via } : {}) },
  });
  return { referenceCode: row.referenceCode, personalSealed: row.personalSealed };
}

const ERASED = { personalSealed: null, phoneHash: null, telegramHash: null, addressTokenHashes: null } as const;

/**
 * Retention: erases the personal details of every request closed at least `days` ago. The facts
 * stay for statistics; one "erased" event per request records that it happened. Returns how many.
 */
export async function eraseExpiredTransportRequestPersonal(db: Db, { now = new Date(), days }: { now?: Date; days: number }): Promise<number> {
  const cutoff = erasureCutoff(now, days);
  return db.transaction(async (tx) => {
    const erased = await tx
      .update(transportRequests)
      .set({ ...ERASED, personalErasedAt: now })
      .where(and(sql`${transportRequests.personalSealed} is not null`, lte(transportRequests.closedAt, cutoff)))
      .returning({ id: transportRequests.id, version: transportRequests.version });
    if (erased.length > 0) await tx.insert(transportRequestEvents).values(erased.map((r) => ({ requestId: r.id, kind: "erased", requestVersion: r.version, at: now })));
    return erased.length;
  });
}

/**
 * The requester withdraws with their reference code: the request is cancelled if still open and
 * its personal details go at once. The code alone suffices (it is what they were given); an
 * unknown code changes nothing.
 */
export async function withdrawTransportRequest(db: Db, { referenceCode, now = new Date() }: { referenceCode: string; now?: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.referenceCode, referenceCode)).for("update");
    if (!row) return false;
    await withdrawRow(tx, row, now);
    return true;
  });
}

type WithdrawnRow = Pick<typeof transportRequests.$inferSelect, "id" | "status" | "closedAt" | "version">;

/**
 * A withdrawal, by code or by STOP: an open request is cancelled, a closed one keeps its outcome,
 * and the details go at once either way (the trigger on its event queues no message: "withdrawn"
 * is not a step the requester is told of, and the contact is gone).
 */
async function withdrawRow(tx: Tx, row: WithdrawnRow, now: Date): Promise<void> {
  const open = isOpenTransportRequestStatus(row.status);
  const version = row.version + 1;
  await tx
    .update(transportRequests)
    .set({ ...ERASED, personalErasedAt: now, status: open ? "cancelled" : row.status, closedAt: row.closedAt ?? now, updatedAt: now, updatedBy: null, version })
    .where(eq(transportRequests.id, row.id));
  await tx.insert(transportRequestEvents).values({ requestId: row.id, kind: "withdrawn", status: open ? "cancelled" : null, requestVersion: version, at: now });
}

/**
 * The person sent STOP by SMS or /stop on Telegram, `hash` being that number's or chat's keyed
 * hash. What was asked on that channel from it is withdrawn as with its code (open ones
 * cancelled, details gone at once). A request asked elsewhere (the web form, the hotline, the
 * other channel) that names the same contact may be someone else's, a mother's filed by her
 * daughter: it stays open, and is only marked as no longer to be told on this channel (the
 * coordinator sees it). Returns the reference codes withdrawn (the caller tells the requester which).
 */
export async function stopTransportRequestsByContact(
  db: Db,
  { channel, hash, now = new Date() }: { channel: "sms" | "telegram"; hash: string; now?: Date },
): Promise<{ withdrawn: string[]; refused: number }> {
  const contact = channel === "sms" ? transportRequests.phoneHash : transportRequests.telegramHash;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: transportRequests.id, channel: transportRequests.channel, referenceCode: transportRequests.referenceCode, status: transportRequests.status, closedAt: transportRequests.closedAt, version: transportRequests.version })
      .from(transportRequests)
      .where(and(sql`${transportRequests.personalErasedAt} is null`, eq(contact, hash)))
      .orderBy(asc(transportRequests.id))
      .for("update");
    const own = rows.filter((r) => r.channel === channel);
    for (const row of own) await withdrawRow(tx, row, now);
    const others = rows.filter((r) => r.channel !== channel).map((r) => r.id);
    // Not a change of the request's state (no version, no event): a coordinator's form on it stays good.
    if (others.length > 0) {
      const refusedAt = channel === "sms" ? transportRequests.smsRefusedAt : transportRequests.telegramRefusedAt;
      await tx
        .update(transportRequests)
        .set(channel === "sms" ? { smsRefusedAt: sql`coalesce(${refusedAt}, ${now.toISOString()}::timestamptz)` } : { telegramRefusedAt: sql`coalesce(${refusedAt}, ${now.toISOString()}::timestamptz)` })
        .where(inArray(transportRequests.id, others));
    }
    return { withdrawn: own.map((r) => r.referenceCode), refused: others.length };
  });
}

/**
 * Emergency purge, for a town about to be taken: every request there loses its personal details
 * at once, open ones included (they are cancelled: nobody can act on them without a contact).
 * One audit row names the town and how many; it can hold no personal value, since none is
 * ever written in clear. `confirmTownSlug` must repeat the town's slug: a slip cannot purge.
 */
export async function purgeTownTransportRequests(
  db: Db,
  actor: SessionUser | null,
  { townSlug, confirmTownSlug, now = new Date() }: { townSlug: string; confirmTownSlug: string; now?: Date },
): Promise<{ purged: number }> {
  assertRole(actor, "admin");
  if (confirmTownSlug.trim() !== townSlug) throw new RefusedWriteError("confirmTownSlug", { code: "purgeNotConfirmed" });
  const purged = await db.transaction(async (tx) => {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.slug, townSlug)).limit(1);
    if (!town) throw new RefusedWriteError("town", { code: "unknownTown" });
    const rows = await tx
      .update(transportRequests)
      .set({
        ...ERASED,
        personalErasedAt: now,
        status: sql`case when ${transportRequests.status} in ('new', 'contacted', 'scheduled') then 'cancelled'::transport_request_status else ${transportRequests.status} end`,
        closedAt: sql`coalesce(${transportRequests.closedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
        updatedBy: actor.id,
        version: sql`${transportRequests.version} + 1`,
      })
      .where(and(eq(transportRequests.townId, town.id), sql`${transportRequests.personalErasedAt} is null`))
      .returning({ id: transportRequests.id, version: transportRequests.version });
    if (rows.length > 0) await tx.insert(transportRequestEvents).values(rows.map((r) => ({ requestId: r.id, kind: "purged", actorId: actor.id, requestVersion: r.version, at: now })));
    // Questions still being asked by the bot or SMS for this town: their answers (an address
    // among them) are personal data of this town's requesters too. Messages still waiting to tell
    // this town's requesters go as well: with the contact gone they could never be sent.
    const dialogues = await tx.delete(requestDialogues).where(eq(requestDialogues.townId, town.id)).returning({ step: requestDialogues.step });
    await tx.delete(messagePending).where(inArray(messagePending.requestId, tx.select({ id: transportRequests.id }).from(transportRequests).where(eq(transportRequests.townId, town.id))));
    await writeAudit(tx, { actor, action: "transport_request.purge_town", entityType: "town", entityId: town.id, after: { townSlug, purged: rows.length, dialogues: dialogues.length } });
    return rows.length;
  });
  // The old row versions (sealed, but still bytes on disk) stay in the tables' pages until
  // PostgreSQL reclaims them; vacuum now rather than whenever autovacuum next comes by.
  await db.execute(sql`vacuum transport_requests`);
  await db.execute(sql`vacuum request_dialogues`);
  return { purged };
}

export type DuplicateSuggestion = { id: string; status: TransportRequestStatus; createdAt: Date; reason: "samePhone" | "sameTelegram" };

/**
 * Other requests from the same phone or Telegram (by keyed hash, so nothing is opened), for the
 * organisation acting on `id`: the same grandmother registered by two relatives, or twice by one.
 * Only ids, statuses and dates come back; the details stay behind the reveal.
 */
export async function listSameContactTransportRequests(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<DuplicateSuggestion[]> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, id)).limit(1);
    if (!row) throw new NotFoundError("transportRequest");
    await assertActsForClaimant(tx, actor, row);
    const matches = [row.phoneHash && eq(transportRequests.phoneHash, row.phoneHash), row.telegramHash && eq(transportRequests.telegramHash, row.telegramHash)].filter((m) => !!m);
    if (matches.length === 0) return [];
    const others = await tx
      .select({ id: transportRequests.id, status: transportRequests.status, createdAt: transportRequests.createdAt, phoneHash: transportRequests.phoneHash })
      .from(transportRequests)
      .where(and(or(...matches), sql`${transportRequests.id} <> ${id}`))
      .orderBy(transportRequests.createdAt);
    return others.map(({ phoneHash, ...o }) => ({ ...o, reason: row.phoneHash && phoneHash === row.phoneHash ? "samePhone" : "sameTelegram" }));
  });
}

/**
 * Who may merge `duplicate` into `into`: whoever acts for the duplicate's claimant (as for any
 * change of it), or, while no organisation holds the duplicate, whoever acts for the claimant of
 * the request it is merged into, so a new request repeating one an organisation already holds is
 * merged from that request's page in one step, without first claiming it. A duplicate another
 * organisation holds is theirs to merge. Decided before anything else is said about either row.
 */
async function assertMayMerge(tx: Tx, actor: SessionUser, duplicate: Row, into: Row | undefined): Promise<string | null> {
  const organisationId = await getActorOrganisationId(tx, actor);
  if (actor.role === "admin") return organisationId;
  if (organisationId && duplicate.claimedByOrganisationId === organisationId) return organisationId;
  if (organisationId && duplicate.claimedByOrganisationId === null && into?.claimedByOrganisationId === organisationId) return organisationId;
  throw new AccessError("forbidden");
}

/**
 * Marks `duplicateId` a duplicate of `intoId`. Neither history is lost: the duplicate keeps its
 * events and points at the other (merged_into_id), and each gets a "merged" event naming the other.
 */
export async function mergeTransportRequests(
  db: Db,
  actor: SessionUser | null,
  { duplicateId, baseVersion, intoId, now = new Date() }: { duplicateId: string; baseVersion: number; intoId: string; now?: Date },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  if (duplicateId === intoId) throw new RefusedWriteError("intoId", { code: "mergeIntoItself" });
  return db.transaction(async (tx) => {
    // Both rows locked in id order, so two merges of the same pair cannot deadlock.
    const [first, second] = [duplicateId, intoId].sort();
    const locked: Row[] = [];
    for (const id of [first!, second!]) {
      const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, id)).for("update");
      if (row) locked.push(row);
    }
    const duplicate = locked.find((r) => r.id === duplicateId);
    if (!duplicate) throw new NotFoundError("transportRequest");
    const into = locked.find((r) => r.id === intoId);
    const organisationId = await assertMayMerge(tx, actor, duplicate, into); // before the version, as in a release
    if (duplicate.version !== baseVersion) throw await staleRequestError(tx, duplicate);
    // The other request is named by whoever merges, so each way it can be wrong is said plainly.
    if (!into) throw new RefusedWriteError("intoId", { code: "mergeTargetNotFound" });
    if (duplicate.status === "duplicate") throw new RefusedWriteError("intoId", { code: "alreadyMerged" });
    if (!canChangeTransportRequestStatus(duplicate.status, "duplicate")) throw new RefusedWriteError("intoId", { code: "mergeClosedRequest" });
    if (into.status === "duplicate") throw new RefusedWriteError("intoId", { code: "mergeIntoMerged" });
    // One household lives in one town; requests in two towns are two pickups, whatever the contact.
    if (into.townId !== duplicate.townId) throw new RefusedWriteError("intoId", { code: "mergeDifferentTown" });
    const version = duplicate.version + 1;
    await tx
      .update(transportRequests)
      .set({
        status: "duplicate",
        mergedIntoId: intoId,
        // A duplicate no one held goes to whoever holds the household's request: the second
        // contact it may name stays within their reach, behind the same audited reveal.
        claimedByOrganisationId: duplicate.claimedByOrganisationId ?? organisationId,
        claimedAt: duplicate.claimedByOrganisationId ? duplicate.claimedAt : organisationId ? now : null,
        closedAt: now,
        lastProgressAt: now,
        updatedAt: now,
        updatedBy: actor.id,
        version,
      })
      .where(eq(transportRequests.id, duplicateId));
    await tx.insert(transportRequestEvents).values([
      { requestId: duplicateId, kind: "merged", status: "duplicate", organisationId, actorId: actor.id, otherRequestId: intoId, requestVersion: version, at: now },
      { requestId: intoId, kind: "merged", organisationId, actorId: actor.id, otherRequestId: duplicateId, requestVersion: into.version, at: now },
    ]);
    await writeAudit(tx, {
      actor,
      action: "transport_request.merge",
      entityType: "transport_request",
      entityId: duplicateId,
      before: { referenceCode: duplicate.referenceCode, organisationId: duplicate.claimedByOrganisationId },
      after: { referenceCode: duplicate.referenceCode, mergedInto: into.referenceCode, organisationId: duplicate.claimedByOrganisationId ?? organisationId },
    });
    return { version };
  });
}

export type RelatedRequest = {
  id: string;
  version: number;
  status: TransportRequestStatus;
  createdAt: Date;
  /** The holding organisation's short name, or null while it is in the shared pool. */
  claimedBy: string | null;
  /** May be merged into the request on whose page it is listed, by this reader, in one step. */
  mergeable: boolean;
};

export type DuplicateOfRequest = RelatedRequest & { reason: "samePhone" | "sameTelegram" | "similarAddress" };

export type RelatedTransportRequests = {
  /** Open requests of the same town that look like the same household: a merge to consider. */
  possibleDuplicates: DuplicateOfRequest[];
  /** Requests merged into this one: their own details (a second contact, perhaps) are still on their pages. */
  mergedFrom: RelatedRequest[];
};

/**
 * For the organisation acting on `id` (or an admin), on its page: the open requests in the same
 * town that look like the same household, by keyed hash of the phone or Telegram or because one
 * was flagged as a similar address of the other when it came in, and the requests already merged
 * into it. Found by hashes and links alone; nothing is opened, and only facts come back.
 */
export async function listRelatedTransportRequests(db: Db, actor: SessionUser | null, { id, limit = 20 }: { id: string; limit?: number }): Promise<RelatedTransportRequests> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, id)).limit(1);
    if (!row) throw new NotFoundError("transportRequest");
    const organisationId = await assertActsForClaimant(tx, actor, row);
    const columns = {
      id: transportRequests.id,
      version: transportRequests.version,
      status: transportRequests.status,
      createdAt: transportRequests.createdAt,
      claimedByOrganisationId: transportRequests.claimedByOrganisationId,
      claimedBy: sql<string | null>`(select o."short_name" from ${organisations} o where o."id" = ${transportRequests.claimedByOrganisationId})`,
      phoneHash: transportRequests.phoneHash,
      telegramHash: transportRequests.telegramHash,
      possibleDuplicateOfId: transportRequests.possibleDuplicateOfId,
    };
    const mergedFrom = await tx.select(columns).from(transportRequests).where(eq(transportRequests.mergedIntoId, id)).orderBy(transportRequests.createdAt).limit(limit);
    const links = [
      row.phoneHash && eq(transportRequests.phoneHash, row.phoneHash),
      row.telegramHash && eq(transportRequests.telegramHash, row.telegramHash),
      eq(transportRequests.possibleDuplicateOfId, id),
      row.possibleDuplicateOfId && eq(transportRequests.id, row.possibleDuplicateOfId),
    ].filter((m) => !!m);
    // A closed request (a merged one among them) has nothing left to merge: only its own links show.
    const candidates = !isOpenTransportRequestStatus(row.status) ? [] : await tx
      .select(columns)
      .from(transportRequests)
      .where(and(eq(transportRequests.townId, row.townId), sql`${transportRequests.id} <> ${id}`, sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`, or(...links)))
      .orderBy(transportRequests.createdAt)
      .limit(limit);
    // Merged here in one step only if no other organisation holds it (as mergeTransportRequests decides).
    const mergeable = (r: { claimedByOrganisationId: string | null }) => actor.role === "admin" || r.claimedByOrganisationId === null || r.claimedByOrganisationId === organisationId;
    const fact = (r: (typeof candidates)[number]): RelatedRequest => ({ id: r.id, version: r.version, status: r.status, createdAt: r.createdAt, claimedBy: r.claimedBy, mergeable: mergeable(r) });
    return {
      possibleDuplicates: candidates.map((r) => ({
        ...fact(r),
        reason: row.phoneHash && r.phoneHash === row.phoneHash ? "samePhone" : row.telegramHash && r.telegramHash === row.telegramHash ? "sameTelegram" : "similarAddress",
      })),
      mergedFrom: mergedFrom.map((r) => ({ ...fact(r), mergeable: false })),
    };
  });
}

export type TownRequestHoldings = { townSlug: string; townName: { nameUk: string; nameRu: string; nameEn: string }; held: number; open: number };

/**
 * For the admin's emergency purge: each town where some request still holds personal details,
 * with how many, and how many are open. Counts only; nothing is opened.
 */
export async function listTownsWithTransportRequestPersonal(db: Db, actor: SessionUser | null): Promise<TownRequestHoldings[]> {
  assertRole(actor, "admin");
  return db
    .select({
      townSlug: towns.slug,
      townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      held: sql<number>`count(*)::int`,
      open: sql<number>`(count(*) filter (where ${transportRequests.status} in ('new', 'contacted', 'scheduled')))::int`,
    })
    .from(transportRequests)
    .innerJoin(towns, eq(transportRequests.townId, towns.id))
    .where(sql`${transportRequests.personalErasedAt} is null`)
    .groupBy(towns.id, towns.slug, towns.nameUk, towns.nameRu, towns.nameEn)
    .orderBy(towns.slug);
}

export type TownWaitingRequests = { townSlug: string; townName: { nameUk: string; nameRu: string; nameEn: string }; waiting: number; staleClaims: number };

/**
 * For the coordinators' dashboard: each town with open requests no organisation is acting on
 * (unclaimed, or claimed with no progress for the stale time), most first. Counts only.
 */
export async function listTownsWaitingForTransport(
  db: Db,
  actor: SessionUser | null,
  { now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS, limit = 10 }: { now?: Date; staleHours?: number; limit?: number } = {},
): Promise<TownWaitingRequests[]> {
  assertRole(actor, "coordinator");
  const staleBefore = staleClaimCutoff(now, staleHours).toISOString();
  const stale = sql`(${transportRequests.claimedByOrganisationId} is not null and ${transportRequests.lastProgressAt} <= ${staleBefore}::timestamptz)`;
  const waiting = sql<number>`(count(*) filter (where ${transportRequests.claimedByOrganisationId} is null or ${stale}))::int`;
  return db
    .select({
      townSlug: towns.slug,
      townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      waiting,
      staleClaims: sql<number>`(count(*) filter (where ${stale}))::int`,
    })
    .from(transportRequests)
    .innerJoin(towns, eq(transportRequests.townId, towns.id))
    .where(sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`)
    .groupBy(towns.id, towns.slug, towns.nameUk, towns.nameRu, towns.nameEn)
    .having(sql`${waiting} > 0`)
    .orderBy(sql`${waiting} desc`, towns.slug)
    .limit(limit);
}
