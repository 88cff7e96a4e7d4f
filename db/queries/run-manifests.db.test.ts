import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movementNotice } from "@/lib/movement-notice";
import { sealingKeys } from "@/lib/sealing";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { sealTransportRequestPersonal, type TransportRequestPersonal } from "@/server/transport-requests/personal";
import { auditLog } from "../schema/audit";
import { organisations } from "../schema/organisations";
import { transportRequests } from "../schema/transport-requests";
import { transportRuns } from "../schema/transport-runs";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getRunMovementFacts, revealRunManifest, RunManifestGoneError } from "./run-manifests";
import { claimTransportRequest, createTransportRequest, releaseTransportRequest } from "./transport-requests";
import { assignRequestToRun, changeTransportRunStatus, createTransportRun, getTransportRun } from "./transport-runs";
import { createUser } from "./users";
import { NotFoundError } from "./write-errors";

// The manifest: the run's organisation only (not another organisation, not an admin of another),
// every opening audited as one manifest row and one reveal row per request, nothing audited when
// refused, and gone once the run has arrived or been cancelled.

let t: TestDb;
let coordinatorA: SessionUser;
let coordinatorA2: SessionUser;
let coordinatorB: SessionUser;
let adminB: SessionUser;
const keys = sealingKeys(crypto.randomBytes(32), "transport request");
const NOW = new Date("2022-05-20T09:00:00Z");
const HOUR = 60 * 60 * 1000;

async function memberOf(organisation: string, email: string, role: "coordinator" | "admin" = "coordinator"): Promise<SessionUser> {
  let [org] = await t.db.select().from(organisations).where(eq(organisations.shortName, organisation));
  if (!org) [org] = await t.db.insert(organisations).values({ shortName: organisation, nameUk: organisation, nameRu: organisation, nameEn: organisation }).returning();
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role, organisationId: org!.id });
  return { id, email, name: "", role, organisation };
}

async function claimedRequest(by: SessionUser, personal: TransportRequestPersonal, mobility: "bedridden" | "walks" = "bedridden"): Promise<string> {
  const { id } = await createTransportRequest(t.db, null, { channel: "web",
    facts: { townSlug: "lysychansk", peopleCount: 1, childrenCount: 0, mobility, pets: mobility === "walks", medicalNeeds: [], locale: "uk", requesterKind: "self", consentLocale: "uk" },
    sealed: sealTransportRequestPersonal(keys, personal),
    now: NOW,
  });
  await claimTransportRequest(t.db, by, { id, now: NOW });
  return id;
}

const person = (name: string, address: string, phone: string): TransportRequestPersonal => ({ name, phone, telegram: "", address, point: null, medicalNote: "", noContactReason: "" });
const HALYNA = person("Галина Бережна-Тестова", "вул. Тестова Садова 14, кв. 3", "+380501112233");
const PETRO = person("Петро Ворон-Тестовий", "пров. Тестовий Шкільний 2", "+380504445566");

async function runWithTwo(): Promise<{ runId: string; requestIds: string[] }> {
  const { id: runId } = await createTransportRun(t.db, coordinatorA, {
    input: {
      vehicle: "van",
      seats: 3,
      wheelchairPlaces: 0,
      stretcherPlaces: 2,
      petsAllowed: true,
      routeId: null,
      townSlug: "lysychansk",
      departsFrom: new Date(NOW.getTime() + 24 * HOUR),
      departsUntil: new Date(NOW.getTime() + 26 * HOUR),
      assemblyPoint: { uk: "", ru: "", en: "" },
      destinationTownSlug: "dnipro",
      receptionPointId: null,
      crewContactSealed: null,
    },
    now: NOW,
  });
  const first = await claimedRequest(coordinatorA, HALYNA);
  const second = await claimedRequest(coordinatorA, PETRO, "walks");
  await assignRequestToRun(t.db, coordinatorA, { runId, requestId: first, now: NOW });
  await assignRequestToRun(t.db, coordinatorA2, { runId, requestId: second, now: NOW });
  return { runId, requestIds: [first, second] };
}

const auditCount = async () => (await t.db.select().from(auditLog)).length;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  coordinatorA = await memberOf("Manifest Org A", "a1@example.org");
  coordinatorA2 = await memberOf("Manifest Org A", "a2@example.org");
  coordinatorB = await memberOf("Manifest Org B", "b1@example.org");
  adminB = await memberOf("Manifest Org B", "admin-b@example.org", "admin");
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

describe("a run's manifest", () => {
  it("gives the run's organisation every person in pickup order, each reveal audited, every time it is opened", async () => {
    const { runId, requestIds } = await runWithTwo();
    for (const opening of [1, 2]) {
      const manifest = await revealRunManifest(t.db, coordinatorA2, { id: runId, now: NOW });
      expect(manifest.stops.map((s) => s.pickupOrder)).toEqual([1, 2]);
      expect(manifest.stops.map((s) => [s.mobility, s.pets])).toEqual([
        ["bedridden", false],
        ["walks", true],
      ]);
      const opened = manifest.stops.map((s) => JSON.parse(keys.open(s.personalSealed!)) as TransportRequestPersonal);
      expect(opened.map((p) => [p.name, p.address])).toEqual([
        [HALYNA.name, HALYNA.address],
        [PETRO.name, PETRO.address],
      ]);
      const opens = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_run.manifest"), eq(auditLog.entityId, runId)));
      expect(opens).toHaveLength(opening);
      expect(opens.every((row) => row.actorId === coordinatorA2.id)).toBe(true);
      const reveals = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_request.reveal"), inArray(auditLog.entityId, requestIds)));
      expect(reveals).toHaveLength(2 * opening);
      expect(reveals.every((row) => (row.after as { via?: string }).via === `manifest ${manifest.referenceCode}`)).toBe(true);
      // The audit rows name the requests by reference, never a person.
      const written = JSON.stringify([...opens, ...reveals]);
      for (const p of [HALYNA, PETRO]) for (const value of [p.name, p.address, p.phone]) expect(written).not.toContain(value);
    }
  });

  it("is refused to another organisation, to an admin of another, and for no such run, with nothing audited", async () => {
    const { runId } = await runWithTwo();
    const before = await auditCount();
    await expect(revealRunManifest(t.db, coordinatorB, { id: runId })).rejects.toBeInstanceOf(AccessError);
    await expect(revealRunManifest(t.db, adminB, { id: runId })).rejects.toBeInstanceOf(AccessError);
    await expect(revealRunManifest(t.db, null, { id: runId })).rejects.toBeInstanceOf(AccessError);
    await expect(revealRunManifest(t.db, coordinatorA, { id: crypto.randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditCount()).toBe(before);
  });

  it("does not open a request given back to the pool while on the run", async () => {
    const { runId, requestIds } = await runWithTwo();
    const [request] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, requestIds[1]!));
    await releaseTransportRequest(t.db, coordinatorA, { id: requestIds[1]!, baseVersion: request!.version, now: NOW });
    const manifest = await revealRunManifest(t.db, coordinatorA, { id: runId, now: NOW });
    expect(manifest.stops[1]).toMatchObject({ notClaimed: true, personalSealed: null });
    expect(manifest.stops[0]!.personalSealed).not.toBeNull();
  });

  it.each(["arrived", "cancelled"] as const)("is gone once the run has %s, and its refusal audits nothing", async (end) => {
    const { runId } = await runWithTwo();
    await revealRunManifest(t.db, coordinatorA, { id: runId, now: NOW });
    const steps = end === "arrived" ? (["boarding", "departed", "arrived"] as const) : (["cancelled"] as const);
    for (const status of steps) {
      const run = (await getTransportRun(t.db, coordinatorA, { id: runId }))!;
      await changeTransportRunStatus(t.db, coordinatorA, { id: runId, baseVersion: run.version, status, arrivedCount: status === "arrived" ? 2 : undefined, now: NOW });
      // Still the crew's list while boarding and on the road.
      if (status !== end) expect((await revealRunManifest(t.db, coordinatorA, { id: runId, now: NOW })).stops.length).toBeGreaterThan(0);
    }
    const before = await auditCount();
    await expect(revealRunManifest(t.db, coordinatorA, { id: runId })).rejects.toBeInstanceOf(RunManifestGoneError);
    expect(await auditCount()).toBe(before);
  });

  it("as a movement notice names the organisation, vehicle, towns and window, and nothing of the people or the crew", async () => {
    const { runId } = await runWithTwo();
    const crew = "+380679998877";
    await t.db.update(transportRuns).set({ crewContactSealed: keys.seal(crew) }).where(eq(transportRuns.id, runId));
    const referenceCodes = (await revealRunManifest(t.db, coordinatorA, { id: runId, now: NOW })).stops.map((s) => s.referenceCode);
    const [run] = await t.db.select().from(transportRuns).where(eq(transportRuns.id, runId));
    const facts = await getRunMovementFacts(t.db, coordinatorA2, { id: runId });
    const notice = movementNotice(facts!);
    expect(notice).toMatchObject({
      reference: run!.referenceCode,
      organisationAcronym: "Manifest Org A",
      vehicles: [{ type: "Van", count: 1 }],
      origin: { place: "Lysychansk" },
      destination: { place: "Dnipro" },
      departureWindow: { from: "2022-05-21T12:00:00+03:00", to: "2022-05-21T14:00:00+03:00" },
    });
    const text = JSON.stringify(notice);
    for (const p of [HALYNA, PETRO]) for (const value of [p.name, p.address, p.phone]) expect(text).not.toContain(value);
    for (const code of referenceCodes) expect(text).not.toContain(code);
    expect(text).not.toContain(crew);
    expect(text).not.toContain(run!.crewContactSealed!);
    // No count of who travels: not the places taken, not the assignments.
    expect(Object.keys(notice).sort()).toEqual(["departureWindow", "destination", "focalPointContact", "movementType", "notificationType", "organisation", "organisationAcronym", "origin", "reference", "route", "vehicles"]);
    expect(await getRunMovementFacts(t.db, coordinatorB, { id: runId })).toBeNull();
  });
});
