import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealingKeys } from "@/lib/sealing";
import type { SessionUser } from "@/lib/session-user";
import type { MobilityLevel } from "@/lib/transport-requests";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { auditLog } from "../schema/audit";
import { messageOutbox } from "../schema/messaging";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { receptionPointEvents, receptionPoints } from "../schema/reception-points";
import { routes } from "../schema/routes";
import { transportRequests } from "../schema/transport-requests";
import { transportRunAssignments, transportRuns } from "../schema/transport-runs";
import { getPublicTransportRunCounts } from "../public/transport-runs";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { claimTransportRequest, createTransportRequest } from "./transport-requests";
import {
  assignRequestToRun,
  changeTransportRunStatus,
  countOverbookedRuns,
  createTransportRun,
  getTransportRun,
  listRunAssignments,
  listRunsToReceptionPoint,
  setTransportRunReceptionPoint,
  listTransportRunAlerts,
  moveRequestToRun,
  recordRunOutcome,
  removeRequestFromRun,
  rescheduleTransportRun,
  type TransportRunInput,
} from "./transport-runs";
import { createUser } from "./users";
import { NotFoundError, RefusedWriteError } from "./write-errors";

let t: TestDb;
let coordinatorA: SessionUser;
let coordinatorA2: SessionUser;
let coordinatorB: SessionUser;
const keys = sealingKeys(crypto.randomBytes(32), "transport request");
const NOW = new Date("2022-05-20T09:00:00Z");
const HOUR = 60 * 60 * 1000;
const EMPTY = { uk: "", ru: "", en: "" };

async function coordinatorOf(organisation: string, email?: string): Promise<SessionUser> {
  let [org] = await t.db.select().from(organisations).where(eq(organisations.shortName, organisation));
  if (!org) [org] = await t.db.insert(organisations).values({ shortName: organisation, nameUk: organisation, nameRu: organisation, nameEn: organisation }).returning();
  const address = email ?? `${organisation.toLowerCase().replace(/\W/g, "")}@example.org`;
  const { id } = await createUser(t.db, null, { email: address, password: "a long enough password", role: "coordinator", organisationId: org!.id });
  return { id, email: address, name: "", role: "coordinator", organisation };
}

const run = (over: Partial<TransportRunInput> = {}): TransportRunInput => ({
  vehicle: "van",
  seats: 3,
  wheelchairPlaces: 0,
  stretcherPlaces: 2,
  petsAllowed: false,
  routeId: null,
  townSlug: "lysychansk",
  departsFrom: new Date(NOW.getTime() + 24 * HOUR),
  departsUntil: new Date(NOW.getTime() + 26 * HOUR),
  assemblyPoint: EMPTY,
  destinationTownSlug: "dnipro",
  receptionPointId: null,
  crewContactSealed: keys.seal("+380671234567"),
  ...over,
});

let phoneCounter = 0;
/** A request claimed by `by`'s organisation. */
async function claimedRequest(by: SessionUser, { mobility = "bedridden", peopleCount = 1, pets = false }: { mobility?: MobilityLevel; peopleCount?: number; pets?: boolean } = {}): Promise<string> {
  const personal = { name: "Halyna", phone: `+38050${String(1000000 + phoneCounter++)}`, telegram: "", address: `вул. Миру ${phoneCounter}`, point: null, medicalNote: "", noContactReason: "" };
  const { id } = await createTransportRequest(t.db, null, { channel: "web",
    facts: { townSlug: "lysychansk", peopleCount, childrenCount: 0, mobility, pets, medicalNeeds: [], locale: "uk", requesterKind: "self", consentLocale: "uk" },
    sealed: sealTransportRequestPersonal(keys, personal),
    now: NOW,
  });
  await claimTransportRequest(t.db, by, { id, now: NOW });
  return id;
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const codeOf = (e: unknown) => (e instanceof RefusedWriteError ? e.error.code : e);

async function statusOf(requestId: string) {
  const [row] = await t.db.select({ status: transportRequests.status, claimed: transportRequests.claimedByOrganisationId }).from(transportRequests).where(eq(transportRequests.id, requestId));
  return row!;
}

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: NOW });
  coordinatorA = await coordinatorOf("East SOS");
  coordinatorA2 = await coordinatorOf("East SOS", "second@eastsos.example.org");
  coordinatorB = await coordinatorOf("Helping to Leave");
});
afterAll(async () => {
  await t?.drop();
});

describe("planning a run", () => {
  it("stores it for the actor's organisation with a reference, and audits it without the crew contact", async () => {
    const { id, referenceCode } = await createTransportRun(t.db, coordinatorA, { input: run(), now: NOW });
    expect(referenceCode).toMatch(/^R-[0-9A-Z]{6}$/);
    const view = await getTransportRun(t.db, coordinatorA, { id });
    expect(view).toMatchObject({ referenceCode, status: "planned", vehicle: "van", stretcherPlaces: 2, townSlug: "lysychansk", destinationTownSlug: "dnipro", hasCrewContact: true });
    expect(await getTransportRun(t.db, coordinatorB, { id })).toBeNull();
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "transport_run.create")));
    expect(JSON.stringify(audit!.after)).not.toContain("380671234567");
  });
  it("refuses an impossible window or capacity in the database, whatever the form did", async () => {
    expect(await refusal(createTransportRun(t.db, coordinatorA, { input: run({ departsUntil: NOW, departsFrom: NOW }), now: NOW }))).toBeTruthy();
    expect(await refusal(createTransportRun(t.db, coordinatorA, { input: run({ seats: 0, stretcherPlaces: 0 }), now: NOW }))).toBeTruthy();
    expect(codeOf(await refusal(createTransportRun(t.db, coordinatorA, { input: run({ destinationTownSlug: "lysychansk" }), now: NOW })))).toBe("sameTowns");
  });
});

describe("assigning people", () => {
  it("takes two bedridden people in a van with two stretcher places and refuses a third with the reason", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run(), now: NOW });
    const [r1, r2, r3] = [await claimedRequest(coordinatorA), await claimedRequest(coordinatorA), await claimedRequest(coordinatorA)];
    expect((await assignRequestToRun(t.db, coordinatorA, { runId, requestId: r1!, now: NOW })).pickupOrder).toBe(1);
    expect((await assignRequestToRun(t.db, coordinatorA, { runId, requestId: r2!, now: NOW })).pickupOrder).toBe(2);
    expect(codeOf(await refusal(assignRequestToRun(t.db, coordinatorA, { runId, requestId: r3!, now: NOW })))).toBe("fit_stretcherPlacesFull");
    expect((await statusOf(r1!)).status).toBe("scheduled");
    expect((await statusOf(r3!)).status).toBe("new");
    expect(await getTransportRun(t.db, coordinatorA, { id: runId })).toMatchObject({ stretcherPlacesTaken: 2, seatsTaken: 0 });
    // The requester is queued a message in the same transaction.
    const queued = await t.db.select().from(messageOutbox).where(eq(messageOutbox.topicId, r1!));
    expect(queued.length).toBeGreaterThan(0);
  });
  it("refuses a mismatch: a bedridden person in a car, a wheelchair with no place, pets not allowed", async () => {
    const { id: car } = await createTransportRun(t.db, coordinatorA, { input: run({ vehicle: "car", seats: 4, stretcherPlaces: 0 }), now: NOW });
    expect(codeOf(await refusal(assignRequestToRun(t.db, coordinatorA, { runId: car, requestId: await claimedRequest(coordinatorA), now: NOW })))).toBe("fit_noStretcherPlace");
    expect(codeOf(await refusal(assignRequestToRun(t.db, coordinatorA, { runId: car, requestId: await claimedRequest(coordinatorA, { mobility: "wheelchair" }), now: NOW })))).toBe("fit_noWheelchairPlace");
    expect(codeOf(await refusal(assignRequestToRun(t.db, coordinatorA, { runId: car, requestId: await claimedRequest(coordinatorA, { mobility: "walks", pets: true }), now: NOW })))).toBe("fit_noPetsAllowed");
    expect(await getTransportRun(t.db, coordinatorA, { id: car })).toMatchObject({ seatsTaken: 0, stretcherPlacesTaken: 0, wheelchairPlacesTaken: 0 });
  });
  it("only takes requests the run's organisation claimed, onto its own runs", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run(), now: NOW });
    const theirs = await claimedRequest(coordinatorB);
    expect(codeOf(await refusal(assignRequestToRun(t.db, coordinatorA, { runId, requestId: theirs, now: NOW })))).toBe("requestNotClaimedByRunOrganisation");
    expect(await refusal(assignRequestToRun(t.db, coordinatorB, { runId, requestId: theirs, now: NOW }))).toBeInstanceOf(NotFoundError);
  });
  it("moves someone to another run in one step, and takes them off", async () => {
    const { id: from } = await createTransportRun(t.db, coordinatorA, { input: run(), now: NOW });
    const { id: to } = await createTransportRun(t.db, coordinatorA, { input: run({ vehicle: "ambulance", seats: 1, stretcherPlaces: 1 }), now: NOW });
    const requestId = await claimedRequest(coordinatorA, { peopleCount: 2 });
    await assignRequestToRun(t.db, coordinatorA, { runId: from, requestId, now: NOW });
    await moveRequestToRun(t.db, coordinatorA, { requestId, toRunId: to, now: NOW });
    expect(await getTransportRun(t.db, coordinatorA, { id: from })).toMatchObject({ seatsTaken: 0, stretcherPlacesTaken: 0 });
    expect(await getTransportRun(t.db, coordinatorA, { id: to })).toMatchObject({ seatsTaken: 1, stretcherPlacesTaken: 1 });
    // A move that does not fit changes nothing.
    const { id: tiny } = await createTransportRun(t.db, coordinatorA, { input: run({ seats: 0, stretcherPlaces: 1 }), now: NOW });
    expect(codeOf(await refusal(moveRequestToRun(t.db, coordinatorA, { requestId, toRunId: tiny, now: NOW })))).toBe("fit_seatsFull");
    expect((await listRunAssignments(t.db, coordinatorA, { runId: to })).map((a) => a.requestId)).toEqual([requestId]);
    await removeRequestFromRun(t.db, coordinatorA, { requestId, now: NOW });
    expect(await getTransportRun(t.db, coordinatorA, { id: to })).toMatchObject({ seatsTaken: 0, stretcherPlacesTaken: 0 });
    expect(await statusOf(requestId)).toMatchObject({ status: "contacted" });
    expect(await countOverbookedRuns(t.db)).toBe(0);
  });
});

describe("capacity races", () => {
  // On PostgreSQL these are real concurrent transactions on separate connections; on PGlite they queue.
  for (const kind of ["seats", "wheelchair", "stretcher"] as const) {
    it(`lets exactly one of two coordinators take the last ${kind} place`, async () => {
      const capacity = kind === "seats" ? { seats: 1, stretcherPlaces: 0 } : kind === "wheelchair" ? { seats: 0, wheelchairPlaces: 1, stretcherPlaces: 0 } : { seats: 0, stretcherPlaces: 1 };
      const mobility: MobilityLevel = kind === "seats" ? "walks" : kind === "wheelchair" ? "wheelchair" : "bedridden";
      const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run(capacity), now: NOW });
      const [a, b] = [await claimedRequest(coordinatorA, { mobility }), await claimedRequest(coordinatorA, { mobility })];
      const results = await Promise.allSettled([assignRequestToRun(t.db, coordinatorA, { runId, requestId: a, now: NOW }), assignRequestToRun(t.db, coordinatorA2, { runId, requestId: b, now: NOW })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(codeOf(rejected.reason)).toBe(`fit_${kind === "seats" ? "seatsFull" : kind === "wheelchair" ? "wheelchairPlacesFull" : "stretcherPlacesFull"}`);
      const open = await t.db.select().from(transportRunAssignments).where(and(eq(transportRunAssignments.runId, runId), isNull(transportRunAssignments.endedAt)));
      expect(open).toHaveLength(1);
      expect(await countOverbookedRuns(t.db)).toBe(0);
    });
  }
  it("never overbooks under many concurrent assignments", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run({ vehicle: "minibus", seats: 5, stretcherPlaces: 0 }), now: NOW });
    const requests = [];
    for (let i = 0; i < 8; i++) requests.push(await claimedRequest(coordinatorA, { mobility: "walks" }));
    const results = await Promise.allSettled(requests.map((requestId, i) => assignRequestToRun(t.db, i % 2 ? coordinatorA : coordinatorA2, { runId, requestId, now: NOW })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(await getTransportRun(t.db, coordinatorA, { id: runId })).toMatchObject({ seatsTaken: 5 });
    expect(await countOverbookedRuns(t.db)).toBe(0);
  });
  it("holds even for a write that skips the rules: the CHECK refuses the sixth seat", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run({ seats: 1, stretcherPlaces: 0 }), now: NOW });
    expect(await refusal(t.db.update(transportRuns).set({ seatsTaken: 2 }).where(eq(transportRuns.id, runId)))).toBeTruthy();
  });
});

describe("lifecycle and outcomes", () => {
  it("boards, records outcomes that move the requests, departs and arrives with a count", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run({ seats: 4 }), now: NOW });
    const boarded = await claimedRequest(coordinatorA);
    const notFound = await claimedRequest(coordinatorA, { mobility: "walks" });
    const postponed = await claimedRequest(coordinatorA, { mobility: "walks" });
    const refusedToGo = await claimedRequest(coordinatorA, { mobility: "walks" });
    for (const requestId of [boarded, notFound, postponed, refusedToGo]) await assignRequestToRun(t.db, coordinatorA, { runId, requestId, now: NOW });
    expect(codeOf(await refusal(recordRunOutcome(t.db, coordinatorA, { runId, requestId: boarded, outcome: "boarded", now: NOW })))).toBe("runNotTakingOutcomes");
    expect(codeOf(await refusal(changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: 1, status: "departed", now: NOW })))).toBe("runTransitionNotAllowed");
    const { version } = await changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: 1, status: "boarding", now: NOW });
    await recordRunOutcome(t.db, coordinatorA, { runId, requestId: boarded, outcome: "boarded", now: NOW });
    await recordRunOutcome(t.db, coordinatorA, { runId, requestId: notFound, outcome: "not_found", now: NOW });
    await recordRunOutcome(t.db, coordinatorA, { runId, requestId: postponed, outcome: "postponed", now: NOW });
    await recordRunOutcome(t.db, coordinatorA, { runId, requestId: refusedToGo, outcome: "refused", now: NOW });
    expect(codeOf(await refusal(recordRunOutcome(t.db, coordinatorA, { runId, requestId: boarded, outcome: "not_found", now: NOW })))).toBe("outcomeRecorded");
    expect(await statusOf(boarded)).toMatchObject({ status: "evacuated" });
    expect(await statusOf(notFound)).toMatchObject({ status: "contacted", claimed: null });
    expect((await statusOf(postponed)).status).toBe("contacted");
    expect((await statusOf(postponed)).claimed).not.toBeNull();
    expect((await statusOf(refusedToGo)).status).toBe("declined");
    // Only the boarded person still holds places.
    expect(await getTransportRun(t.db, coordinatorA, { id: runId })).toMatchObject({ seatsTaken: 0, stretcherPlacesTaken: 1 });
    const departed = await changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: version, status: "departed", now: NOW });
    expect(codeOf(await refusal(changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: departed.version, status: "arrived", now: NOW })))).toBe("required");
    await changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: departed.version, status: "arrived", arrivedCount: 1, now: NOW });
    expect(await getTransportRun(t.db, coordinatorA, { id: runId })).toMatchObject({ status: "arrived", arrivedCount: 1 });
    expect(await countOverbookedRuns(t.db)).toBe(0);
  });
  it("refuses a stale version, and cancelling takes everyone off and back to contacted", async () => {
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run(), now: NOW });
    const requestId = await claimedRequest(coordinatorA);
    await assignRequestToRun(t.db, coordinatorA, { runId, requestId, now: NOW });
    const { version } = await rescheduleTransportRun(t.db, coordinatorA, { id: runId, baseVersion: 1, departsFrom: new Date(NOW.getTime() + 48 * HOUR), departsUntil: new Date(NOW.getTime() + 50 * HOUR), assemblyPoint: EMPTY, now: NOW });
    expect((await refusal(changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: 1, status: "cancelled", now: NOW })) as Error).name).toBe("StaleVersionError");
    await changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: version, status: "cancelled", now: NOW });
    expect(await getTransportRun(t.db, coordinatorA, { id: runId })).toMatchObject({ status: "cancelled", stretcherPlacesTaken: 0 });
    expect(await statusOf(requestId)).toMatchObject({ status: "contacted" });
    const [ended] = await t.db.select().from(transportRunAssignments).where(eq(transportRunAssignments.requestId, requestId));
    expect(ended!.endReason).toBe("run_cancelled");
  });
  it("alerts the organisation when its run's route closes, without queueing anything for the people on it", async () => {
    const [route] = await t.db.select().from(routes).limit(1);
    const [org] = await t.db.select().from(organisations).where(eq(organisations.shortName, "East SOS"));
    await t.db.update(routes).set({ organisationId: org!.id }).where(eq(routes.id, route!.id));
    const { id: runId } = await createTransportRun(t.db, coordinatorA, { input: run({ routeId: route!.id, townSlug: null, destinationTownSlug: "kyiv" }), now: NOW });
    expect(await listTransportRunAlerts(t.db, coordinatorA)).not.toContainEqual(expect.objectContaining({ id: runId }));
    const before = (await t.db.select().from(messageOutbox)).length;
    await t.db.update(routes).set({ status: "closed" }).where(eq(routes.id, route!.id));
    const alerts = await listTransportRunAlerts(t.db, coordinatorA);
    expect(alerts).toContainEqual(expect.objectContaining({ id: runId, attention: "routeClosed" }));
    expect(await listTransportRunAlerts(t.db, coordinatorB)).toEqual([]);
    const outboxForRun = (await t.db.select().from(messageOutbox)).slice(before).filter((m) => m.topicKind === "transport_request");
    expect(outboxForRun).toEqual([]);
  });
});

/** The seeded reception point in a town. */
async function pointIn(slug: string): Promise<string> {
  const [row] = await t.db.select({ id: receptionPoints.id }).from(receptionPoints).innerJoin(towns, eq(receptionPoints.townId, towns.id)).where(eq(towns.slug, slug)).limit(1);
  return row!.id;
}

describe("runs to a reception point", () => {
  it("a run names a reception point only in its destination town, when planned and when changed", async () => {
    const dnipro = await pointIn("dnipro");
    const zaporizhzhia = await pointIn("zaporizhzhia");
    expect(codeOf(await refusal(createTransportRun(t.db, coordinatorA, { input: run({ receptionPointId: zaporizhzhia }), now: NOW })))).toBe("receptionPointNotInDestination");
    expect(codeOf(await refusal(createTransportRun(t.db, coordinatorA, { input: run({ receptionPointId: crypto.randomUUID() }), now: NOW })))).toBe("unknownReceptionPoint");
    const { id } = await createTransportRun(t.db, coordinatorA, { input: run({ receptionPointId: dnipro }), now: NOW });
    expect(await getTransportRun(t.db, coordinatorA, { id })).toMatchObject({ receptionPointId: dnipro, version: 1 });
    expect(codeOf(await refusal(setTransportRunReceptionPoint(t.db, coordinatorA, { id, baseVersion: 1, receptionPointId: zaporizhzhia, now: NOW })))).toBe("receptionPointNotInDestination");
    // Another organisation cannot touch it, and a refused change changed nothing.
    await expect(setTransportRunReceptionPoint(t.db, coordinatorB, { id, baseVersion: 1, receptionPointId: null, now: NOW })).rejects.toBeInstanceOf(NotFoundError);
    expect(await getTransportRun(t.db, coordinatorA, { id })).toMatchObject({ receptionPointId: dnipro, version: 1 });
    expect(await setTransportRunReceptionPoint(t.db, coordinatorA, { id, baseVersion: 1, receptionPointId: null, now: NOW })).toEqual({ version: 2 });
    expect(await getTransportRun(t.db, coordinatorA, { id })).toMatchObject({ receptionPointId: null });
    await expect(setTransportRunReceptionPoint(t.db, coordinatorA, { id, baseVersion: 1, receptionPointId: dnipro, now: NOW })).rejects.toThrow();
  });

  it("the point's page sees the runs on their way with how many each carries; another organisation's run is counts only", async () => {
    const dnipro = await pointIn("dnipro");
    const before = (await listRunsToReceptionPoint(t.db, coordinatorB, { receptionPointId: dnipro })).length;
    const coming = await createTransportRun(t.db, coordinatorA, { input: run({ receptionPointId: dnipro, seats: 4 }), now: NOW });
    await assignRequestToRun(t.db, coordinatorA, { runId: coming.id, requestId: await claimedRequest(coordinatorA, { mobility: "walks", peopleCount: 3 }), now: NOW });
    const cancelled = await createTransportRun(t.db, coordinatorA, { input: run({ receptionPointId: dnipro }), now: NOW });
    await changeTransportRunStatus(t.db, coordinatorA, { id: cancelled.id, baseVersion: 1, status: "cancelled", now: NOW });
    const seenByB = await listRunsToReceptionPoint(t.db, coordinatorB, { receptionPointId: dnipro });
    expect(seenByB).toHaveLength(before + 1);
    const theirs = seenByB.find((r) => r.seatsTaken === 3)!;
    expect(theirs).toMatchObject({ status: "planned", seatsTaken: 3, wheelchairPlacesTaken: 0, stretcherPlacesTaken: 0, own: null });
    expect(theirs.departsFrom).toEqual(new Date(NOW.getTime() + 24 * HOUR));
    // Counts, window, status and the town it leaves from: no reference, no id, nobody's name or address.
    expect(Object.keys(theirs).sort()).toEqual(["departsFrom", "departsUntil", "own", "seatsTaken", "status", "stretcherPlacesTaken", "townName", "wheelchairPlacesTaken"]);
    expect(JSON.stringify(seenByB)).not.toMatch(/Halyna|Миру|R-[0-9A-Z]{6}/);
    // The run's own organisation gets the reference to open it.
    const seenByA = await listRunsToReceptionPoint(t.db, coordinatorA, { receptionPointId: dnipro });
    expect(seenByA.find((r) => r.own?.id === coming.id)).toMatchObject({ own: { referenceCode: coming.referenceCode }, seatsTaken: 3 });
    expect(seenByA.some((r) => r.own?.id === cancelled.id)).toBe(false);
    await expect(listRunsToReceptionPoint(t.db, null, { receptionPointId: dnipro })).rejects.toThrow();
  });
});

describe("arrival at a reception point", () => {
  /** A point of its own in Dnipro (the seeded one is other tests'), kept by `keeper`'s organisation, confirmed at `confirmedAt`. */
  async function pointWith(keeper: string, beds: { bedsFree: number; bedsAccessibleFree: number }, confirmedAt: Date): Promise<string> {
    const [org] = await t.db.select().from(organisations).where(eq(organisations.shortName, keeper));
    const [dnipro] = await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, "dnipro"));
    const name = { uk: "Зал", ru: "Зал", en: "Hall" };
    const [row] = await t.db.insert(receptionPoints).values({ organisationId: org!.id, townId: dnipro!.id, name, address: name, bedsTotal: 50, bedsAccessible: 5, ...beds, confirmedAt }).returning({ id: receptionPoints.id });
    return row!.id;
  }
  /** A departed run to `pointId` (or none) with `people` bedridden people boarded; returns its id and version. */
  async function departedRunTo(pointId: string | null, people: number): Promise<{ id: string; version: number; referenceCode: string }> {
    const { id, referenceCode } = await createTransportRun(t.db, coordinatorA, { input: run({ stretcherPlaces: 2, receptionPointId: pointId }), now: NOW });
    const requests = [];
    for (let i = 0; i < people; i++) requests.push(await claimedRequest(coordinatorA));
    for (const requestId of requests) await assignRequestToRun(t.db, coordinatorA, { runId: id, requestId, now: NOW });
    let { version } = await changeTransportRunStatus(t.db, coordinatorA, { id, baseVersion: 1, status: "boarding", now: NOW });
    for (const requestId of requests) await recordRunOutcome(t.db, coordinatorA, { runId: id, requestId, outcome: "boarded", now: NOW });
    ({ version } = await changeTransportRunStatus(t.db, coordinatorA, { id, baseVersion: version, status: "departed", now: NOW }));
    return { id, version, referenceCode };
  }
  const pointRow = async (id: string) => (await t.db.select().from(receptionPoints).where(eq(receptionPoints.id, id)))[0]!;

  it("lowers the point's free beds by the count as a new version with its history and audit, keeping the keeper's confirmation time", async () => {
    // Kept by another organisation than the run's: the people are in its beds all the same.
    const confirmedAt = new Date(NOW.getTime() - HOUR);
    const pointId = await pointWith("Helping to Leave", { bedsFree: 20, bedsAccessibleFree: 4 }, confirmedAt);
    const arriving = await departedRunTo(pointId, 2);
    const before = await pointRow(pointId);
    const arrivedAt = new Date(NOW.getTime() + 5 * HOUR);
    await changeTransportRunStatus(t.db, coordinatorA, { id: arriving.id, baseVersion: arriving.version, status: "arrived", arrivedCount: 3, now: arrivedAt });
    const after = await pointRow(pointId);
    // 3 counted in, 2 of them on stretcher places: 17 free, 2 of them accessible.
    expect(after).toMatchObject({ bedsFree: 17, bedsAccessibleFree: 2, bedsTotal: 50, status: "open", version: before.version + 1, updatedAt: arrivedAt });
    expect(after.confirmedAt).toEqual(confirmedAt);
    const [event] = await t.db.select().from(receptionPointEvents).where(eq(receptionPointEvents.receptionPointId, pointId));
    expect(event).toMatchObject({ kind: "arrival", bedsFree: 17, bedsAccessibleFree: 2, pointVersion: after.version, actorId: coordinatorA.id, at: arrivedAt });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, pointId), eq(auditLog.action, "reception_point.arrival")));
    expect(audit!.after).toMatchObject({ bedsFree: 17, runReference: arriving.referenceCode, arrived: 3 });
    expect(audit!.before).toMatchObject({ bedsFree: 20 });
  });

  it("never below 0, and a run with no reception point or one not yet arrived changes no point", async () => {
    const pointId = await pointWith("East SOS", { bedsFree: 1, bedsAccessibleFree: 1 }, NOW);
    const arriving = await departedRunTo(pointId, 1);
    expect(await pointRow(pointId)).toMatchObject({ bedsFree: 1, version: 1 });
    await changeTransportRunStatus(t.db, coordinatorA, { id: arriving.id, baseVersion: arriving.version, status: "arrived", arrivedCount: 4, now: NOW });
    expect(await pointRow(pointId)).toMatchObject({ bedsFree: 0, bedsAccessibleFree: 0, version: 2 });

    const nowhere = await departedRunTo(null, 1);
    await changeTransportRunStatus(t.db, coordinatorA, { id: nowhere.id, baseVersion: nowhere.version, status: "arrived", arrivedCount: 1, now: NOW });
    expect(await pointRow(pointId)).toMatchObject({ bedsFree: 0, version: 2 });
  });

  it("a refused arrival (no count) lowers nothing", async () => {
    const pointId = await pointWith("East SOS", { bedsFree: 10, bedsAccessibleFree: 0 }, NOW);
    const arriving = await departedRunTo(pointId, 1);
    expect(codeOf(await refusal(changeTransportRunStatus(t.db, coordinatorA, { id: arriving.id, baseVersion: arriving.version, status: "arrived", now: NOW })))).toBe("required");
    expect(await pointRow(pointId)).toMatchObject({ bedsFree: 10, version: 1 });
    expect(await t.db.select().from(receptionPointEvents).where(eq(receptionPointEvents.receptionPointId, pointId))).toEqual([]);
  });
});

describe("public counts", () => {
  it("counts a town's planned runs today and tomorrow in Kyiv days, those for limited mobility apart, nothing cancelled or gone", async () => {
    // 20:00 in Kyiv on 1 June (UTC+3): tomorrow starts at 21:00 UTC.
    const now = new Date("2030-06-01T17:00:00Z");
    const at = (iso: string, hours = 2) => ({ departsFrom: new Date(iso), departsUntil: new Date(new Date(iso).getTime() + hours * HOUR) });
    const before = await getPublicTransportRunCounts(t.db, { slug: "sievierodonetsk", now });
    expect(before).toMatchObject({ today: 0, tomorrow: 0 });
    const inTown = (over: Partial<TransportRunInput>) => createTransportRun(t.db, coordinatorA, { input: run({ townSlug: "sievierodonetsk", ...over }), now });
    await inTown(at("2030-06-01T18:00:00Z")); // today, stretcher places
    await inTown({ ...at("2030-06-01T22:00:00Z"), vehicle: "bus", seats: 40, stretcherPlaces: 0 }); // 01:00 tomorrow in Kyiv
    await inTown(at("2030-06-02T06:00:00Z")); // tomorrow, stretcher places
    await inTown(at("2030-06-03T06:00:00Z")); // the day after: not counted
    await inTown(at("2030-06-01T12:00:00Z", 1)); // its window has passed
    const cancelled = await inTown(at("2030-06-02T08:00:00Z"));
    await changeTransportRunStatus(t.db, coordinatorA, { id: cancelled.id, baseVersion: 1, status: "cancelled", now });
    const counts = await getPublicTransportRunCounts(t.db, { slug: "sievierodonetsk", now });
    expect(counts).toEqual({ today: 1, todayAccessible: 1, tomorrow: 2, tomorrowAccessible: 1, changesAt: new Date("2030-06-01T20:00:00Z") });
  });
});
