import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { agreementClaims, corridorAgreements } from "../schema/agreements";
import { auditLog } from "../schema/audit";
import { sources } from "../schema/sources";
import { MARIUPOL_CORRIDOR } from "../scenario/agreements";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  addClaim,
  applyAgreementAction,
  createAgreement,
  getAgreementForEdit,
  listAgreementsForCoordinators,
  listAgreementWindowsForRoute,
  updateAgreement,
  type AgreementInput,
} from "./agreements";
import { listPublicCorridorWindows } from "../public/corridor-windows";
import { createUser } from "./users";
import { NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";
import { inLanguage } from "@/lib/localized-text";

let t: TestDb;
let anna: SessionUser;
let bohdan: SessionUser;
const seededAt = new Date();

const HOUR = 3_600_000;
const lysychanskBakhmut = scenarioId("route:lysychansk-bakhmut");
const hirskeBakhmut = scenarioId("route:hirske-bakhmut");
const mariupolRoute = scenarioId(`route:${MARIUPOL_CORRIDOR.routeSlug}`);
const mariupolAgreement = scenarioId(`agreement:${MARIUPOL_CORRIDOR.key}`);

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: seededAt });
  const make = async (email: string): Promise<SessionUser> => {
    const { id } = await createUser(t.db, null, { email, password: "a long enough password", role: "coordinator" });
    return { id, email, name: "", role: "coordinator", organisation: "" };
  };
  anna = await make("anna@example.org");
  bohdan = await make("bohdan@example.org");
});
afterAll(async () => {
  await t?.drop();
});

const audits = async (action: string, entityId?: string) =>
  (await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, action), entityId ? eq(auditLog.entityId, entityId) : undefined)))[0]!.n;

const input = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  title: inLanguage("en", "Lysychansk evacuation pause"),
  routeIds: [lysychanskBakhmut],
  parties: [
    { id: null, name: "Ukraine", role: "party_to_conflict", representative: "Luhansk Regional Military Administration" },
    { id: null, name: "Russian Federation", role: "party_to_conflict", representative: "" },
    { id: null, name: "United Nations", role: "broker", representative: "OCHA" },
  ],
  windowStart: new Date("2022-05-07T06:00:00Z"),
  windowEnd: new Date("2022-05-07T15:00:00Z"),
  terms: inLanguage("en", "Buses may leave Lysychansk for Bakhmut between 09:00 and 18:00 local time."),
  sources: [{ kind: "wire_agency", outlet: "Reuters", url: "https://www.reuters.com/world/europe/x", publishedAt: new Date("2022-05-06T18:30:00Z") }],
  ...over,
});

describe("creating and listing agreements", () => {
  it("creates a proposed agreement with its parties, routes and sources, audited in the same write", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    expect(a).toMatchObject({ title: inLanguage("en", "Lysychansk evacuation pause"), state: "proposed", version: 1, windowTimeZone: "Europe/Kyiv", updatedByEmail: anna.email });
    expect(a.windowStart.toISOString()).toBe("2022-05-07T06:00:00.000Z");
    expect(a.routeIds).toEqual([lysychanskBakhmut]);
    expect(a.routes[0]).toMatchObject({ slug: "lysychansk-bakhmut", origin: { nameEn: "Lysychansk" }, destination: { nameEn: "Bakhmut" } });
    // Parties to the conflict first, then brokers.
    expect(a.parties.map((p) => [p.name, p.role])).toEqual([
      ["Russian Federation", "party_to_conflict"],
      ["Ukraine", "party_to_conflict"],
      ["United Nations", "broker"],
    ]);
    expect(a.sources).toEqual([expect.objectContaining({ outlet: "Reuters", kind: "wire_agency", url: "https://www.reuters.com/world/europe/x" })]);
    expect(a.claims).toEqual([]);
    expect(await audits("agreement.create", id)).toBe(1);

    const listed = (await listAgreementsForCoordinators(t.db, anna)).find((l) => l.id === id)!;
    expect(listed.routes.map((r) => r.slug)).toEqual(["lysychansk-bakhmut"]);
    expect(listed.parties.map((p) => p.name)).toEqual(["Russian Federation", "Ukraine", "United Nations"]);
  });

  it("lists newest first, the seeded Mariupol corridor included with its route and three parties", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input({ title: inLanguage("en", "Newest") }) });
    const list = await listAgreementsForCoordinators(t.db, anna);
    expect(list[0]!.id).toBe(id);
    const mariupol = list.find((l) => l.id === mariupolAgreement)!;
    expect(mariupol.routes.map((r) => r.slug)).toEqual([MARIUPOL_CORRIDOR.routeSlug]);
    expect(mariupol.parties).toHaveLength(3);
  });

  it("refuses a route that does not exist and writes nothing", async () => {
    const before = (await t.db.select({ n: count() }).from(corridorAgreements))[0]!.n;
    const refused = await createAgreement(t.db, anna, { input: input({ routeIds: [scenarioId("route:nowhere")] }) }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "routeIds", error: { code: "invalidChoice" } });
    expect((await t.db.select({ n: count() }).from(corridorAgreements))[0]!.n).toBe(before);
  });

  it("refuses a caller without a coordinator session", async () => {
    await expect(listAgreementsForCoordinators(t.db, null)).rejects.toThrow(/unauthenticated/i);
    await expect(createAgreement(t.db, null, { input: input() })).rejects.toThrow(/unauthenticated/i);
  });
});

describe("editing an agreement", () => {
  it("refuses an edit based on an older version, naming who changed it, and writes nothing", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    await updateAgreement(t.db, anna, { id, baseVersion: 1, input: input({ title: inLanguage("en", "Renamed by Anna") }) });
    const refused = await updateAgreement(t.db, bohdan, { id, baseVersion: 1, input: input({ title: inLanguage("en", "Renamed by Bohdan") }) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StaleVersionError);
    expect((refused as StaleVersionError).details).toMatchObject({ entity: "agreement", changedBy: anna.email, version: 2 });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    expect(a).toMatchObject({ title: inLanguage("en", "Renamed by Anna"), version: 2 });
    expect(await audits("agreement.update", id)).toBe(1);
  });

  it("keeps claims linked to the parties that stay, and keeps who said it when a party is removed", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    const byName = (name: string) => a.parties.find((p) => p.name === name)!;
    const ukraine = byName("Ukraine");
    const russia = byName("Russian Federation");
    const un = byName("United Nations");
    await addClaim(t.db, anna, {
      agreementId: id,
      input: {
        partyId: ukraine.id,
        claimant: "Serhiy Haidai, head of the Luhansk regional administration",
        stance: "affirms",
        statement: "The pause was agreed for the morning.",
        claimedAt: new Date("2022-05-07T05:00:00Z"),
        source: null,
      },
    });
    await addClaim(t.db, anna, { agreementId: id, input: { partyId: un.id, claimant: "", stance: "neutral", statement: "Buses are standing by.", claimedAt: new Date("2022-05-07T05:30:00Z"), source: null } });

    // Ukraine renamed (same id), the UN removed, the ICRC added; the routes and sources replaced.
    await updateAgreement(t.db, bohdan, {
      id,
      baseVersion: a.version,
      input: input({
        parties: [
          { id: ukraine.id, name: "Government of Ukraine", role: "party_to_conflict", representative: "Iryna Vereshchuk" },
          { id: russia.id, name: "Russian Federation", role: "party_to_conflict", representative: "" },
          { id: null, name: "International Committee of the Red Cross", role: "broker", representative: "" },
        ],
        routeIds: [lysychanskBakhmut, hirskeBakhmut],
        sources: [{ kind: "official_channel", outlet: "Luhansk RMA (Telegram)", url: null, publishedAt: null }],
      }),
    });
    const after = (await getAgreementForEdit(t.db, anna, id))!;
    expect(after.parties.map((p) => p.name)).toEqual(["Government of Ukraine", "Russian Federation", "International Committee of the Red Cross"]);
    expect(after.parties.find((p) => p.name === "Government of Ukraine")!.id).toBe(ukraine.id);
    expect(after.routeIds.sort()).toEqual([lysychanskBakhmut, hirskeBakhmut].sort());
    expect(after.sources.map((s) => s.outlet)).toEqual(["Luhansk RMA (Telegram)"]);
    expect(after.claims.map((c) => [c.claimant, c.partyId, c.partyName])).toEqual([
      ["Serhiy Haidai, head of the Luhansk regional administration", ukraine.id, "Government of Ukraine"],
      // The UN's claim stays in the ledger, unlinked, still saying who made it.
      ["United Nations", null, null],
    ]);
    expect(after.state).toBe("proposed");
  });

  it("keeps an unchanged source row (no duplicate) when the form sends it back", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    const sourcesBefore = (await t.db.select({ n: count() }).from(sources))[0]!.n;
    await updateAgreement(t.db, anna, { id, baseVersion: a.version, input: input({ title: inLanguage("en", "Same sources") }) });
    expect((await t.db.select({ n: count() }).from(sources))[0]!.n).toBe(sourcesBefore);
    expect((await getAgreementForEdit(t.db, anna, id))!.sources.map((s) => s.id)).toEqual(a.sources.map((s) => s.id));
  });

  it("refuses a party id that belongs to another agreement", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    const foreign = scenarioId(`party:${MARIUPOL_CORRIDOR.key}:icrc`);
    const refused = await updateAgreement(t.db, anna, { id, baseVersion: a.version, input: input({ parties: [{ id: foreign, name: "Moved", role: "broker", representative: "" }] }) }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "parties", error: { code: "invalidChoice" } });
    const mariupol = (await getAgreementForEdit(t.db, anna, mariupolAgreement))!;
    expect(mariupol.parties.find((p) => p.id === foreign)!.name).toBe("International Committee of the Red Cross");
  });
});

describe("lifecycle actions", () => {
  it("agrees, suspends and agrees again, each a new version with its audit row", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    expect(await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree" })).toEqual({ state: "agreed", version: 2 });
    expect(await applyAgreementAction(t.db, anna, { id, baseVersion: 2, action: "suspend" })).toEqual({ state: "suspended", version: 3 });
    expect(await applyAgreementAction(t.db, bohdan, { id, baseVersion: 3, action: "agree" })).toEqual({ state: "agreed", version: 4 });
    expect(await audits("agreement.agree", id)).toBe(2);
    expect(await audits("agreement.suspend", id)).toBe(1);
    expect((await getAgreementForEdit(t.db, anna, id))!).toMatchObject({ state: "agreed", updatedByEmail: bohdan.email });
  });

  it("lets exactly one of two coordinators acting on the same version win", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const results = await Promise.allSettled([applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree" }), applyAgreementAction(t.db, bohdan, { id, baseVersion: 1, action: "reject" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(StaleVersionError);
    const after = (await getAgreementForEdit(t.db, anna, id))!;
    expect(after.version).toBe(2);
    expect((lost.reason as StaleVersionError).details).toMatchObject({ entity: "agreement", changedBy: after.updatedByEmail, version: 2 });
    expect((await audits("agreement.agree", id)) + (await audits("agreement.reject", id))).toBe(1);
  });

  it("refuses a transition the state does not allow, and one based on an older version", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree" });
    const refused = await applyAgreementAction(t.db, anna, { id, baseVersion: 2, action: "reject" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect(refused).toMatchObject({ field: "form", error: { code: "transitionNotAllowed" } });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 2, action: "markViolated" });
    await expect(applyAgreementAction(t.db, anna, { id, baseVersion: 3, action: "agree" })).rejects.toMatchObject({ error: { code: "transitionNotAllowed" } });
    const stale = await applyAgreementAction(t.db, bohdan, { id, baseVersion: 2, action: "cancel" }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((await getAgreementForEdit(t.db, anna, id))!).toMatchObject({ state: "violated", version: 3 });
    expect(await audits("agreement.reject", id)).toBe(0);
    expect(await audits("agreement.cancel", id)).toBe(0);
    await expect(applyAgreementAction(t.db, anna, { id: scenarioId("agreement:none"), baseVersion: 1, action: "agree" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps a violated agreement as recorded: its window and terms can no longer be edited", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree" });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 2, action: "markViolated" });
    const before = (await getAgreementForEdit(t.db, anna, id))!;
    const refused = await updateAgreement(t.db, anna, { id, baseVersion: 3, input: input({ terms: inLanguage("en", "Rewritten afterwards") }) }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "form", error: { code: "agreementFinal" } });
    expect((await getAgreementForEdit(t.db, anna, id))!).toMatchObject({ terms: before.terms, version: 3 });
  });
});

describe("claims ledger", () => {
  it("shows the seeded statements of each party side by side, in the order they were made, with sources", async () => {
    const a = (await getAgreementForEdit(t.db, anna, mariupolAgreement))!;
    expect(a.claims.map((c) => c.claimant)).toEqual([
      "Dmitry Polyanskiy, Russia's Deputy Ambassador to the UN",
      "Mikhail Mizintsev, Russian Ministry of Defence",
      "Iryna Vereshchuk, Deputy Prime Minister of Ukraine",
      "International Committee of the Red Cross",
    ]);
    expect(a.claims[0]).toMatchObject({ stance: "disputes", partyName: "Russian Federation", partyRole: "party_to_conflict" });
    expect(a.claims[0]!.source?.outlet).toBeTruthy();
  });

  it("adds a claim with its source, audited, and refuses a party of another agreement", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input() });
    const party = (await getAgreementForEdit(t.db, anna, id))!.parties.find((p) => p.name === "Russian Federation")!;
    await addClaim(t.db, anna, {
      agreementId: id,
      input: {
        partyId: party.id,
        claimant: "Ministry of Defence",
        stance: "denies",
        statement: "No pause was agreed for Lysychansk.",
        claimedAt: new Date("2022-05-07T07:00:00Z"),
        source: { kind: "official_channel", outlet: "Ministry of Defence (Telegram)", url: "https://t.me/mod_russia/1", publishedAt: null },
      },
    });
    const a = (await getAgreementForEdit(t.db, anna, id))!;
    expect(a.claims).toEqual([
      expect.objectContaining({
        claimant: "Ministry of Defence",
        stance: "denies",
        partyName: "Russian Federation",
        source: expect.objectContaining({ outlet: "Ministry of Defence (Telegram)", url: "https://t.me/mod_russia/1" }),
      }),
    ]);
    expect(await audits("agreement.claim.add", id)).toBe(1);

    const claimsBefore = (await t.db.select({ n: count() }).from(agreementClaims))[0]!.n;
    const foreign = scenarioId(`party:${MARIUPOL_CORRIDOR.key}:russia`);
    const refused = await addClaim(t.db, anna, { agreementId: id, input: { partyId: foreign, claimant: "", stance: "affirms", statement: "x", claimedAt: new Date(), source: null } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "partyId", error: { code: "partyNotInAgreement" } });
    expect((await t.db.select({ n: count() }).from(agreementClaims))[0]!.n).toBe(claimsBefore);
    // The agreement's version is untouched: a claim is not an edit of what was agreed.
    expect(a.version).toBe(1);
  });
});

describe("corridor windows on route pages", () => {
  it("shows the seeded agreed window on its route as upcoming, then active with the time left, and not once over", async () => {
    const seeded = (await getAgreementForEdit(t.db, anna, mariupolAgreement))!;
    const before = new Date(seeded.windowStart.getTime() - 2 * HOUR);
    const inside = new Date(seeded.windowStart.getTime() + HOUR);
    expect(await listAgreementWindowsForRoute(t.db, anna, mariupolRoute, before)).toEqual([
      expect.objectContaining({ id: mariupolAgreement, title: MARIUPOL_CORRIDOR.title, windowStart: seeded.windowStart, windowEnd: seeded.windowEnd, phase: "upcoming", timeLeftMs: 2 * HOUR }),
    ]);
    expect(await listAgreementWindowsForRoute(t.db, anna, mariupolRoute, inside)).toEqual([
      expect.objectContaining({ id: mariupolAgreement, phase: "active", timeLeftMs: seeded.windowEnd.getTime() - inside.getTime() }),
    ]);
    expect(await listAgreementWindowsForRoute(t.db, anna, mariupolRoute, seeded.windowEnd)).toEqual([]);
    expect(await listAgreementWindowsForRoute(t.db, anna, lysychanskBakhmut, inside)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ id: mariupolAgreement })]),
    );
    await expect(listAgreementWindowsForRoute(t.db, null, mariupolRoute, inside)).rejects.toThrow(/unauthenticated/i);
  });

  it("shows only agreed windows: a proposal covering the route is not a corridor", async () => {
    const now = new Date("2022-05-07T08:00:00Z");
    const { id } = await createAgreement(t.db, anna, { input: input({ routeIds: [hirskeBakhmut] }) });
    expect(await listAgreementWindowsForRoute(t.db, anna, hirskeBakhmut, now)).toEqual([]);
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree" });
    expect(await listAgreementWindowsForRoute(t.db, anna, hirskeBakhmut, now)).toEqual([expect.objectContaining({ id, phase: "active", timeLeftMs: 7 * HOUR })]);
  });

  it("the public variant needs no session and lists each window once, with the routes it covers", async () => {
    const seeded = (await getAgreementForEdit(t.db, anna, mariupolAgreement))!;
    const now = new Date(seeded.windowStart.getTime() - HOUR);
    const windows = await listPublicCorridorWindows(t.db, { now, routeIds: [mariupolRoute, lysychanskBakhmut, mariupolRoute] });
    const mariupol = windows.filter((w) => w.id === mariupolAgreement);
    expect(mariupol).toEqual([
      expect.objectContaining({ id: mariupolAgreement, title: MARIUPOL_CORRIDOR.title, windowStart: seeded.windowStart, windowEnd: seeded.windowEnd, phase: "upcoming", timeLeftMs: HOUR }),
    ]);
    expect(mariupol[0]!.routes.map((r) => r.id)).toEqual([mariupolRoute]);
    expect(await listPublicCorridorWindows(t.db, { now, routeIds: [] })).toEqual([]);
  });
});
