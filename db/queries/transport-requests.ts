import "server-only";
import crypto from "node:crypto";
import { and, count, eq, gte, or, sql } from "drizzle-orm";
import type { Locale } from "@/i18n/routing";
import { assertRole } from "@/lib/roles";
import { AccessError, type SessionUser } from "@/lib/session-user";
import {
  canChangeTransportRequestStatus,
  DEFAULT_STALE_CLAIM_HOURS,
  isOpenTransportRequestStatus,
  REFERENCE_CODE_RANDOM_BYTES,
  referenceCodeFrom,
  type MedicalNeed,
  type MobilityLevel,
  type RequesterKind,
  type TransportRequestStatus,
} from "@/lib/transport-requests";
import type { Db, Tx } from "../client";
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
};

export type SealedPersonal = { personalSealed: string; phoneHash: string | null; telegramHash: string | null };

/**
 * Stores a request and its first event; returns the reference code the requester is given.
 * `actor` is the hotline operator, or null for a resident's own request (web, bot, SMS), which
 * must carry a contact. Refused, with nothing stored: an unknown town, a request with no contact
 * from anyone but a hotline operator, and a contact that has already made 50 requests this hour.
 */
export async function createTransportRequest(
  db: Db,
  actor: SessionUser | null,
  { facts, sealed, now = new Date() }: { facts: TransportRequestFacts; sealed: SealedPersonal; now?: Date },
): Promise<{ id: string; referenceCode: string }> {
  if (actor) assertRole(actor, "coordinator");
  const noContact = !sealed.phoneHash && !sealed.telegramHash;
  if (noContact && (!actor || facts.requesterKind !== "hotline")) throw new RefusedWriteError("phone", { code: "contactRequired" });
  return db.transaction(async (tx) => {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.slug, facts.townSlug)).limit(1);
    if (!town) throw new RefusedWriteError("town", { code: "unknownTown" });
    await refuseOverHourlyLimit(tx, sealed, now);
    const { townSlug, consentLocale, ...rest } = facts;
    for (let attempt = 0; ; attempt++) {
      const referenceCode = referenceCodeFrom(crypto.randomBytes(REFERENCE_CODE_RANDOM_BYTES));
      try {
        const [row] = await tx
          .insert(transportRequests)
          .values({
            ...rest,
            ...sealed,
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
 * Claims a request for the actor's organisation. Exactly one of two organisations claiming at once
 * wins: the claim is one conditional UPDATE (unclaimed, or claimed with no progress for the stale
 * time), so the database decides. A stale claim can be taken over; a fresh one is refused.
 */
export async function claimTransportRequest(
  db: Db,
  actor: SessionUser | null,
  { id, now = new Date(), staleHours = DEFAULT_STALE_CLAIM_HOURS }: { id: string; now?: Date; staleHours?: number },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await getActorOrganisationId(tx, actor);
    if (!organisationId) throw new RefusedWriteError("form", { code: "noOrganisation" });
    const staleBefore = new Date(now.getTime() - staleHours * 60 * 60 * 1000);
    const [claimed] = await tx
      .update(transportRequests)
      .set({ claimedByOrganisationId: organisationId, claimedAt: now, lastProgressAt: now, updatedAt: now, updatedBy: actor.id, version: sql`${transportRequests.version} + 1` })
      .where(
        and(
          eq(transportRequests.id, id),
          sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`,
          or(sql`${transportRequests.claimedByOrganisationId} is null`, sql`${transportRequests.lastProgressAt} <= ${staleBefore.toISOString()}::timestamptz`),
        ),
      )
      .returning();
    if (!claimed) {
      const [exists] = await tx.select({ id: transportRequests.id }).from(transportRequests).where(eq(transportRequests.id, id)).limit(1);
      if (!exists) throw new NotFoundError("transportRequest");
      throw new RefusedWriteError("form", { code: "alreadyClaimed" });
    }
    await tx.insert(transportRequestEvents).values({ requestId: id, kind: "claimed", organisationId, actorId: actor.id, requestVersion: claimed.version, at: now });
    await writeAudit(tx, { actor, action: "transport_request.claim", entityType: "transport_request", entityId: id, after: { referenceCode: claimed.referenceCode, organisationId } });
    return { version: claimed.version };
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
    if (before.version !== baseVersion) throw await staleRequestError(tx, before);
    const organisationId = await assertActsForClaimant(tx, actor, before);
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
    if (before.version !== baseVersion) throw await staleRequestError(tx, before);
    const organisationId = await assertActsForClaimant(tx, actor, before);
    if (!canChangeTransportRequestStatus(before.status, status)) throw new RefusedWriteError("status", { code: "transitionNotAllowed" });
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
