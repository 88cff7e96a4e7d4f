import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { sealingKeys } from "@/lib/sealing";
import { sealTransportRequestPersonal, type TransportRequestPersonal } from "@/server/transport-requests/personal";
import { auditLog } from "../schema/audit";
import { messageOutbox } from "../schema/messaging";
import { organisations } from "../schema/organisations";
import { transportRequestEvents, transportRequests } from "../schema/transport-requests";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  changeTransportRequestStatus,
  claimTransportRequest,
  createTransportRequest,
  getPoolTransportRequest,
  listRelatedTransportRequests,
  listSameContactTransportRequests,
  listTownsWaitingForTransport,
  listTransportRequestPool,
  pageTransportRequestPool,
  MAX_REQUESTS_PER_CONTACT_PER_HOUR,
  mergeTransportRequests,
  releaseTransportRequest,
  revealTransportRequestPersonal,
  stopTransportRequestsByContact,
  type TransportRequestFacts,
} from "./transport-requests";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let coordinatorA: SessionUser;
let coordinatorB: SessionUser;
let admin: SessionUser;
const keys = sealingKeys(crypto.randomBytes(32), "transport request");
const NOW = new Date("2022-05-20T09:00:00Z");
const HOUR = 60 * 60 * 1000;

const facts = (over: Partial<TransportRequestFacts> = {}): TransportRequestFacts => ({
  townSlug: "lysychansk",
  peopleCount: 1,
  childrenCount: 0,
  mobility: "bedridden",
  pets: false,
  medicalNeeds: ["oxygen"],
  locale: "uk",
  requesterKind: "relative",
  consentLocale: "uk",
  ...over,
});

const personal = (over: Partial<TransportRequestPersonal> = {}): TransportRequestPersonal => ({
  name: "Halyna Petrenko",
  phone: "+380501112233",
  telegram: "",
  address: "вул. Миру 12, кв. 5",
  point: null,
  medicalNote: "",
  noContactReason: "",
  ...over,
});

const sealed = (over: Partial<TransportRequestPersonal> = {}) => sealTransportRequestPersonal(keys, personal(over));

async function coordinatorOf(organisation: string, role: "coordinator" | "admin" = "coordinator"): Promise<SessionUser> {
  const [org] = await t.db.insert(organisations).values({ shortName: organisation, nameUk: organisation, nameRu: organisation, nameEn: organisation }).returning();
  const email = `${organisation.toLowerCase().replace(/\W/g, "")}@example.org`;
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role, organisationId: org!.id });
  return { id, email, name: "", role, organisation };
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: NOW });
  coordinatorA = await coordinatorOf("East SOS");
  coordinatorB = await coordinatorOf("Helping to Leave");
  admin = await coordinatorOf("Regional administration", "admin");
});
afterAll(async () => {
  await t?.drop();
});

describe(`transport requests (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("stores a resident's request sealed, with a reference code that is not the row id", async () => {
    const { id, referenceCode } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed(), now: NOW });
    expect(referenceCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(referenceCode).not.toContain(id.slice(0, 4).toUpperCase());
    const dump = JSON.stringify(await t.db.select().from(transportRequests).where(eq(transportRequests.id, id)));
    for (const value of ["Halyna", "380501112233", "Миру"]) expect(dump).not.toContain(value);
    expect(await t.db.select({ kind: transportRequestEvents.kind }).from(transportRequestEvents).where(eq(transportRequestEvents.requestId, id))).toEqual([{ kind: "created" }]);
  });

  it("stores the channel each request came in by, hotline exactly for a staff entry", async () => {
    const hotline = await createTransportRequest(t.db, coordinatorA, { channel: "hotline", facts: facts({ requesterKind: "relative" }), sealed: sealed({ phone: "+380501000101" }), now: NOW });
    const [row] = await t.db.select({ channel: transportRequests.channel }).from(transportRequests).where(eq(transportRequests.id, hotline.id));
    expect(row).toEqual({ channel: "hotline" });
    const before = await t.db.select({ id: transportRequests.id }).from(transportRequests);
    await expect(createTransportRequest(t.db, null, { channel: "hotline", facts: facts(), sealed: sealed({ phone: "+380501000102" }), now: NOW })).rejects.toThrow(/resident/);
    await expect(createTransportRequest(t.db, coordinatorA, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000102" }), now: NOW })).rejects.toThrow(/staff/);
    expect(await t.db.select({ id: transportRequests.id }).from(transportRequests)).toHaveLength(before.length);
  });

  it("on /stop withdraws only the requests asked from that Telegram chat; a hotline request naming the chat stays open, no longer told on Telegram", async () => {
    const chat = "880012345";
    const chatHash = keys.hash("telegram", chat);
    const fromBot = await createTransportRequest(t.db, null, { channel: "telegram", facts: facts(), sealed: sealed({ phone: "", telegram: chat }), now: NOW });
    const byHotline = await createTransportRequest(t.db, coordinatorA, { channel: "hotline", facts: facts({ requesterKind: "relative" }), sealed: sealed({ phone: "+380501000103", telegram: chat }), now: NOW });
    const later = new Date(NOW.getTime() + 60_000);
    expect(await stopTransportRequestsByContact(t.db, { channel: "telegram", hash: chatHash, now: later })).toEqual({ withdrawn: [fromBot.referenceCode], refused: 1 });
    const rows = await t.db
      .select({ id: transportRequests.id, status: transportRequests.status, sealed: transportRequests.personalSealed, sms: transportRequests.smsRefusedAt, telegram: transportRequests.telegramRefusedAt, version: transportRequests.version })
      .from(transportRequests)
      .where(sql`${transportRequests.id} in (${fromBot.id}, ${byHotline.id})`);
    const kept = rows.find((r) => r.id === byHotline.id)!;
    expect(rows.find((r) => r.id === fromBot.id)).toMatchObject({ status: "cancelled", sealed: null });
    expect(kept).toMatchObject({ status: "new", sms: null, telegram: later, version: 1 });
    expect(kept.sealed).not.toBeNull();
    // A second STOP keeps the first refusal's time and withdraws nothing more.
    expect(await stopTransportRequestsByContact(t.db, { channel: "telegram", hash: chatHash, now: new Date(later.getTime() + 60_000) })).toEqual({ withdrawn: [], refused: 1 });
    const [again] = await t.db.select({ telegram: transportRequests.telegramRefusedAt }).from(transportRequests).where(eq(transportRequests.id, byHotline.id));
    expect(again).toEqual({ telegram: later });
  });

  it("refuses, storing nothing, an unknown town and a resident's request with no contact; a hotline operator may take one", async () => {
    const before = await countRequests();
    expect(await refusal(createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug: "atlantis" }), sealed: sealed(), now: NOW }))).toMatchObject({ field: "town", error: { code: "unknownTown" } });
    const noContact = sealed({ phone: "", noContactReason: "Neighbour called from a shelter, no phone" });
    expect(await refusal(createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: noContact, now: NOW }))).toMatchObject({ field: "phone", error: { code: "contactRequired" } });
    expect(await countRequests()).toBe(before);
    await createTransportRequest(t.db, coordinatorA, { channel: "hotline", facts: facts({ requesterKind: "hotline", consentLocale: null }), sealed: noContact, now: NOW });
    expect(await countRequests()).toBe(before + 1);
  });

  it("refuses the request after 50 from one number in an hour, with the limit in the answer", async () => {
    const flood = sealed({ phone: "+380671234567" });
    for (let i = 0; i < MAX_REQUESTS_PER_CONTACT_PER_HOUR; i++) await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: flood, now: new Date(NOW.getTime() - i * 1000) });
    const before = await countRequests();
    const refused = await refusal(createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: flood, now: NOW }));
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect(refused).toMatchObject({ field: "phone", error: { code: "tooManyRequests", values: { max: 50 } } });
    expect(await countRequests()).toBe(before);
    // An hour later the number may ask again.
    await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: flood, now: new Date(NOW.getTime() + HOUR) });
  });

  it("lets exactly one of two organisations claiming at once win", async () => {
    const { id } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000001" }), now: NOW });
    const results = await Promise.allSettled([claimTransportRequest(t.db, coordinatorA, { id, now: NOW }), claimTransportRequest(t.db, coordinatorB, { id, now: NOW })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ field: "form", error: { code: "alreadyClaimed" } });
    const claims = await t.db.select().from(transportRequestEvents).where(eq(transportRequestEvents.requestId, id));
    expect(claims.filter((e) => e.kind === "claimed")).toHaveLength(1);
  });

  it("lets a claim with no progress for a day be taken over, and only the claimant move it on", async () => {
    const { id } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000002" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id, now: NOW });
    expect(await refusal(claimTransportRequest(t.db, coordinatorB, { id, now: new Date(NOW.getTime() + 23 * HOUR) }))).toMatchObject({ error: { code: "alreadyClaimed" } });
    expect(await refusal(changeTransportRequestStatus(t.db, coordinatorB, { id, baseVersion: version, status: "contacted", now: NOW }))).toBeInstanceOf(AccessError);
    const outbox = async () => (await t.db.select().from(messageOutbox).where(eq(messageOutbox.topicId, id))).length;
    const toldBefore = await outbox();
    const taken = await claimTransportRequest(t.db, coordinatorB, { id, now: new Date(NOW.getTime() + 24 * HOUR) });
    expect(taken.tookOverFrom).not.toBeNull();
    // Audited as a take-over naming who lost it; the requester is told, as for any claim.
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_request.take_over"), eq(auditLog.entityId, id)));
    expect(audit).toMatchObject({ actorEmail: coordinatorB.email, before: { organisationId: taken.tookOverFrom }, after: { organisationId: expect.any(String) } });
    expect(await outbox()).toBe(toldBefore + 1);
    // Fresh again under B: A cannot take it straight back, and B cannot claim it twice.
    expect(await refusal(claimTransportRequest(t.db, coordinatorA, { id, now: new Date(NOW.getTime() + 47 * HOUR) }))).toMatchObject({ error: { code: "alreadyClaimed" } });
    expect(await refusal(claimTransportRequest(t.db, coordinatorB, { id, now: new Date(NOW.getTime() + 47 * HOUR) }))).toMatchObject({ error: { code: "alreadyYours" } });
    expect(await refusal(changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: taken.version, status: "contacted", now: NOW }))).toBeInstanceOf(AccessError);
    await changeTransportRequestStatus(t.db, coordinatorB, { id, baseVersion: taken.version, status: "contacted", now: NOW });
  });

  it("flags a claim to its claimant and to every other organisation exactly when it has had no progress for 24 hours, until the next step", async () => {
    const { id } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000009", address: "вул. Вербова 31" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id, now: NOW });
    const flagged = async (actor: SessionUser, at: Date) => ({
      pool: (await listTransportRequestPool(t.db, actor, { now: at })).find((r) => r.id === id)!.claimStale,
      page: (await getPoolTransportRequest(t.db, actor, { id, now: at }))!.claimStale,
    });
    const justBefore = new Date(NOW.getTime() + 24 * HOUR - 1000);
    const atTheDay = new Date(NOW.getTime() + 24 * HOUR);
    for (const actor of [coordinatorA, coordinatorB]) {
      expect(await flagged(actor, justBefore), actor.email).toEqual({ pool: false, page: false });
      expect(await flagged(actor, atTheDay), actor.email).toEqual({ pool: true, page: true });
    }
    // The claimant's next step is progress: the day counts again from it.
    await changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: version, status: "contacted", now: atTheDay });
    expect(await flagged(coordinatorB, new Date(atTheDay.getTime() + 24 * HOUR - 1000))).toEqual({ pool: false, page: false });
    expect(await flagged(coordinatorB, new Date(atTheDay.getTime() + 24 * HOUR))).toEqual({ pool: true, page: true });
  });

  it("refuses a status change from a stale form with the newer state, and one the machine does not allow", async () => {
    const { id } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000003" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id, now: NOW });
    const contacted = await changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: version, status: "contacted", now: NOW });
    const stale = await refusal(changeTransportRequestStatus(t.db, admin, { id, baseVersion: version, status: "cancelled", now: NOW }));
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "transportRequest", version: contacted.version, changedBy: coordinatorA.email });
    expect(await refusal(changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: contacted.version, status: "new", now: NOW }))).toMatchObject({ error: { code: "requestTransitionNotAllowed" } });
    const evacuated = await changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: contacted.version, status: "evacuated", now: NOW });
    const [row] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, id));
    expect(row).toMatchObject({ status: "evacuated", closedAt: NOW, version: evacuated.version });
    expect(await refusal(releaseTransportRequest(t.db, coordinatorB, { id, baseVersion: evacuated.version, now: NOW }))).toBeInstanceOf(AccessError);
  });

  it("refuses another organisation's stale form as not theirs, never with the claimant's newer state and email", async () => {
    const { id } = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000004" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id, now: NOW });
    await changeTransportRequestStatus(t.db, coordinatorA, { id, baseVersion: version, status: "contacted", now: NOW });
    const other = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380501000005" }), now: NOW });
    for (const attempt of [
      () => changeTransportRequestStatus(t.db, coordinatorB, { id, baseVersion: version, status: "cancelled", now: NOW }),
      () => releaseTransportRequest(t.db, coordinatorB, { id, baseVersion: version, now: NOW }),
      () => mergeTransportRequests(t.db, coordinatorB, { duplicateId: id, baseVersion: version, intoId: other.id, now: NOW }),
    ]) {
      expect(await refusal(attempt())).toBeInstanceOf(AccessError);
    }
  });

  it("lists the towns where requests wait with no organisation acting, a stale claim counted as waiting", async () => {
    const later = new Date(NOW.getTime() + 100 * HOUR);
    const waitingIn = async (at: Date) => (await listTownsWaitingForTransport(t.db, coordinatorB, { now: at, limit: 100 })).find((r) => r.townSlug === "kreminna");
    const before = (await waitingIn(later))?.waiting ?? 0;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug: "kreminna" }), sealed: sealed({ phone: `+38050200000${i}` }), now: later }));
    await claimTransportRequest(t.db, coordinatorA, { id: made[0]!.id, now: later });
    expect(await waitingIn(later)).toMatchObject({ waiting: before + 2, staleClaims: 0 });
    expect(await waitingIn(new Date(later.getTime() + 24 * HOUR))).toMatchObject({ waiting: before + 3, staleClaims: 1 });
    expect(JSON.stringify(await listTownsWaitingForTransport(t.db, coordinatorB, { now: later }))).not.toMatch(/Halyna|380502/);
  });

  it("writes no personal value in the audit log or the history", async () => {
    const rows = await t.db.execute(sql`select (select coalesce(json_agg(a), '[]') from audit_log a)::text as audit, (select coalesce(json_agg(e), '[]') from transport_request_events e)::text as events`);
    const text = JSON.stringify(rows);
    for (const value of ["Halyna", "Petrenko", "380501", "380671", "Миру", "shelter"]) expect(text).not.toContain(value);
  });
});

async function countRequests(): Promise<number> {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(transportRequests);
  return row!.n;
}

describe(`duplicates (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("suggests requests from the same phone, and a merge keeps both histories", async () => {
    const first = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990001" }), now: NOW });
    const second = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990001", name: "Галина" }), now: NOW });
    await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990002" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id: second.id, now: NOW });
    expect(await listSameContactTransportRequests(t.db, coordinatorA, { id: second.id })).toEqual([expect.objectContaining({ id: first.id, reason: "samePhone" })]);
    await expect(listSameContactTransportRequests(t.db, coordinatorB, { id: second.id })).rejects.toBeInstanceOf(AccessError);

    await mergeTransportRequests(t.db, coordinatorA, { duplicateId: second.id, baseVersion: version, intoId: first.id, now: NOW });
    const [merged] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, second.id));
    expect(merged).toMatchObject({ status: "duplicate", mergedIntoId: first.id, closedAt: NOW });
    const events = await t.db.select().from(transportRequestEvents).where(sql`${transportRequestEvents.requestId} in (${first.id}, ${second.id})`);
    expect(events.filter((e) => e.requestId === second.id).map((e) => e.kind)).toEqual(["created", "claimed", "merged"]);
    expect(events.filter((e) => e.requestId === first.id).map((e) => e.kind)).toEqual(["created", "merged"]);
    expect(await refusal(mergeTransportRequests(t.db, coordinatorA, { duplicateId: second.id, baseVersion: version, intoId: first.id, now: NOW }))).toBeInstanceOf(StaleVersionError);
    // The pool shows the one left open, not the duplicate.
    const pool = await listTransportRequestPool(t.db, coordinatorB, { townSlug: "lysychansk", now: NOW });
    expect(pool.some((r) => r.id === first.id)).toBe(true);
    expect(pool.some((r) => r.id === second.id)).toBe(false);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_request.merge"), eq(auditLog.entityId, second.id)));
    expect(audit).toMatchObject({ actorEmail: coordinatorA.email, after: { referenceCode: second.referenceCode, mergedInto: first.referenceCode } });
  });

  it("refuses each wrong merge with its own reason, changing nothing", async () => {
    const lysychansk = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990011" }), now: NOW });
    const elsewhere = await createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug: "sievierodonetsk" }), sealed: sealed({ phone: "+380509990011" }), now: NOW });
    const dup = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990012" }), now: NOW });
    const { version } = await claimTransportRequest(t.db, coordinatorA, { id: dup.id, now: NOW });
    const merged = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990013" }), now: NOW });
    const m = await claimTransportRequest(t.db, coordinatorA, { id: merged.id, now: NOW });
    await mergeTransportRequests(t.db, coordinatorA, { duplicateId: merged.id, baseVersion: m.version, intoId: lysychansk.id, now: NOW });
    const mergedVersion = m.version + 1;
    const closed = await createTransportRequest(t.db, null, { channel: "web", facts: facts(), sealed: sealed({ phone: "+380509990014" }), now: NOW });
    const c = await claimTransportRequest(t.db, coordinatorA, { id: closed.id, now: NOW });
    await changeTransportRequestStatus(t.db, coordinatorA, { id: closed.id, baseVersion: c.version, status: "declined", now: NOW });

    const before = await snapshot();
    const cases: [() => Promise<unknown>, string][] = [
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: dup.id, baseVersion: version, intoId: elsewhere.id, now: NOW }), "mergeDifferentTown"],
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: dup.id, baseVersion: version, intoId: merged.id, now: NOW }), "mergeIntoMerged"],
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: dup.id, baseVersion: version, intoId: dup.id, now: NOW }), "mergeIntoItself"],
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: dup.id, baseVersion: version, intoId: crypto.randomUUID(), now: NOW }), "mergeTargetNotFound"],
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: merged.id, baseVersion: mergedVersion, intoId: dup.id, now: NOW }), "alreadyMerged"],
      [() => mergeTransportRequests(t.db, coordinatorA, { duplicateId: closed.id, baseVersion: c.version + 1, intoId: dup.id, now: NOW }), "mergeClosedRequest"],
      [() => changeTransportRequestStatus(t.db, coordinatorA, { id: dup.id, baseVersion: version, status: "duplicate", now: NOW }), "duplicateByMerge"],
    ];
    for (const [attempt, code] of cases) expect(await refusal(attempt()), code).toMatchObject({ error: { code } });
    // Not the claimant: refused as not theirs, before anything about the other request is said.
    expect(await refusal(mergeTransportRequests(t.db, coordinatorB, { duplicateId: dup.id, baseVersion: version, intoId: lysychansk.id, now: NOW }))).toBeInstanceOf(AccessError);
    expect(await snapshot()).toEqual(before);
    // An admin may merge a request another organisation claimed.
    await mergeTransportRequests(t.db, admin, { duplicateId: dup.id, baseVersion: version, intoId: lysychansk.id, now: NOW });
  });
});

describe(`merging from the kept request's page (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("lists the same household's open requests by hash and link, and merges one no one holds into the held one in one step", async () => {
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    const create = (minutes: number, over: Partial<TransportRequestPersonal>, townSlug = "lysychansk") =>
      createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug }), sealed: sealed(over), now: at(minutes) });
    const kept = await create(0, { phone: "+380509990101", address: "вул. Шевченка 105" });
    const keptClaim = await claimTransportRequest(t.db, coordinatorA, { id: kept.id, now: at(1) });
    // The same number for another address, the same address spelt in Latin letters by a relative
    // abroad, the same number held by another organisation, and the same number in another town.
    const samePhone = await create(2, { phone: "+380509990101", address: "пров. Садовий 7" });
    const sameAddress = await create(3, { phone: "+380509990102", address: "vul. Shevchenka 105" });
    const heldByB = await create(4, { phone: "+380509990101", address: "вул. Лісова 3" });
    await claimTransportRequest(t.db, coordinatorB, { id: heldByB.id, now: at(5) });
    await create(6, { phone: "+380509990101", address: "вул. Шевченка 105" }, "sievierodonetsk");
    await create(7, { phone: "+380509990103", address: "вул. Польова 9" });

    const related = await listRelatedTransportRequests(t.db, coordinatorA, { id: kept.id });
    expect(related.possibleDuplicates.map(({ id, reason, mergeable, claimedBy }) => ({ id, reason, mergeable, claimedBy }))).toEqual([
      { id: samePhone.id, reason: "samePhone", mergeable: true, claimedBy: null },
      { id: sameAddress.id, reason: "similarAddress", mergeable: true, claimedBy: null },
      { id: heldByB.id, reason: "samePhone", mergeable: false, claimedBy: "Helping to Leave" },
    ]);
    expect(related.mergedFrom).toEqual([]);
    // Only the organisation acting on it (or an admin) learns which requests look like it.
    expect(await refusal(listRelatedTransportRequests(t.db, coordinatorB, { id: kept.id }))).toBeInstanceOf(AccessError);
    expect((await listRelatedTransportRequests(t.db, admin, { id: kept.id })).possibleDuplicates.every((r) => r.mergeable)).toBe(true);

    // Another organisation holds the one with the same number, and none holds the kept one for B: refused, nothing changed.
    const before = await snapshot();
    expect(await refusal(mergeTransportRequests(t.db, coordinatorA, { duplicateId: heldByB.id, baseVersion: 2, intoId: kept.id, now: at(8) }))).toBeInstanceOf(AccessError);
    expect(await refusal(mergeTransportRequests(t.db, coordinatorB, { duplicateId: sameAddress.id, baseVersion: 1, intoId: kept.id, now: at(8) }))).toBeInstanceOf(AccessError);
    expect(await snapshot()).toEqual(before);

    const outboxBefore = (await t.db.select().from(messageOutbox).where(eq(messageOutbox.topicId, sameAddress.id))).length;
    await mergeTransportRequests(t.db, coordinatorA, { duplicateId: sameAddress.id, baseVersion: 1, intoId: kept.id, now: at(9) });
    const [merged] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, sameAddress.id));
    const [orgA] = await t.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.shortName, "East SOS"));
    // Closed as a duplicate of the kept one, now held by the organisation that holds the household, its details kept.
    expect(merged).toMatchObject({ status: "duplicate", mergedIntoId: kept.id, claimedByOrganisationId: orgA!.id, closedAt: at(9) });
    expect(merged!.personalSealed).not.toBeNull();
    // Its requester is told in their language (the event's trigger queues the message).
    expect((await t.db.select().from(messageOutbox).where(eq(messageOutbox.topicId, sameAddress.id))).length).toBe(outboxBefore + 1);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_request.merge"), eq(auditLog.entityId, sameAddress.id)));
    expect(audit).toMatchObject({ actorEmail: coordinatorA.email, before: { organisationId: null }, after: { referenceCode: sameAddress.referenceCode, mergedInto: kept.referenceCode, organisationId: orgA!.id } });
    // The kept request is unchanged but for its history, so a form open on it still saves.
    const [keptAfter] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, kept.id));
    expect(keptAfter!.version).toBe(keptClaim.version);

    // Nothing is lost: the kept page lists it, its own page points back, and its details open (audited) for the holder.
    const after = await listRelatedTransportRequests(t.db, coordinatorA, { id: kept.id });
    expect(after.mergedFrom.map((r) => [r.id, r.status])).toEqual([[sameAddress.id, "duplicate"]]);
    expect(after.possibleDuplicates.map((r) => r.id)).toEqual([samePhone.id, heldByB.id]);
    expect(await listRelatedTransportRequests(t.db, coordinatorA, { id: sameAddress.id })).toEqual({ possibleDuplicates: [], mergedFrom: [] });
    expect(await getPoolTransportRequest(t.db, coordinatorB, { id: sameAddress.id })).toMatchObject({ status: "duplicate", mergedIntoId: kept.id, claimedByMe: false });
    expect((await revealTransportRequestPersonal(t.db, coordinatorA, { id: sameAddress.id })).personalSealed).toBe(merged!.personalSealed);
  });
});

/** Every request, event and audit row: a refusal must leave all three as they were. */
async function snapshot() {
  const [requests, events, audit] = await Promise.all([
    t.db.select().from(transportRequests).orderBy(transportRequests.id),
    t.db.select().from(transportRequestEvents).orderBy(transportRequestEvents.id),
    t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog),
  ]);
  return { requests, events, audit };
}

describe(`the pool a page at a time (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("walks every open request once, in the pool's order, with totals that say how many there are, even when they were asked at the same instant", async () => {
    // Five at one instant: only the id tells them apart, so a key of town and time alone would skip or repeat some.
    for (let i = 0; i < 5; i++) await createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug: "hirske" }), sealed: sealed({ phone: `+38050200010${i}` }), now: NOW });
    for (let i = 0; i < 3; i++) await createTransportRequest(t.db, null, { channel: "web", facts: facts({ townSlug: "popasna" }), sealed: sealed({ phone: `+38050200020${i}` }), now: new Date(NOW.getTime() + i) });
    const all = await listTransportRequestPool(t.db, coordinatorB, { now: NOW, limit: 10_000 });
    expect(all.length).toBeGreaterThanOrEqual(8);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = (await pageTransportRequestPool(t.db, coordinatorB, { now: NOW, after, pageSize: 3 }))!;
      expect(page.total).toBe(all.length);
      expect(page.unclaimed).toBe(all.filter((r) => r.claimedBy === null).length);
      expect(page.before).toBe(seen.length);
      for (const [slug, counts] of page.byTown) expect(counts.open).toBe(all.filter((r) => r.townSlug === slug).length);
      seen.push(...page.requests.map((r) => r.id));
      if (!page.nextAfter) break;
      after = page.nextAfter;
    }
    const order = [...all].sort((a, b) => (a.townSlug < b.townSlug ? -1 : a.townSlug > b.townSlug ? 1 : a.createdAt.getTime() - b.createdAt.getTime()));
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen).size).toBe(all.length);
    expect(seen.map((id) => all.find((r) => r.id === id)!.townSlug)).toEqual(order.map((r) => r.townSlug));

    const hirske = (await pageTransportRequestPool(t.db, coordinatorB, { now: NOW, townSlug: "hirske", pageSize: 2 }))!;
    expect(hirske.total).toBe(all.filter((r) => r.townSlug === "hirske").length);
    expect(hirske.requests.every((r) => r.townSlug === "hirske")).toBe(true);
    expect(hirske.nextAfter).toBe(hirske.requests[1]!.id);
    // A link that names no request is said to be stale, never a silent empty page.
    expect(await pageTransportRequestPool(t.db, coordinatorB, { now: NOW, after: crypto.randomUUID() })).toBeNull();
    await expect(pageTransportRequestPool(t.db, null, { now: NOW })).rejects.toBeInstanceOf(AccessError);
  });
});
