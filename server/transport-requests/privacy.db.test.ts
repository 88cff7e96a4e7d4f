import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organisations } from "@/db/schema/organisations";
import { transportRequests } from "@/db/schema/transport-requests";
import { seedScenario } from "@/db/seed";
import { wholeDatabaseText } from "@/db/testing/dump";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import {
  changeTransportRequestStatus,
  claimTransportRequest,
  createTransportRequest,
  listTransportRequestPool,
  purgeTownTransportRequests,
  revealTransportRequestPersonal,
  withdrawTransportRequest,
} from "@/db/queries/transport-requests";
import { createUser } from "@/db/queries/users";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { sealingKeys } from "@/lib/sealing";
import { openTransportRequestPersonal, sealTransportRequestPersonal } from "./personal";
import { startTransportRequestRetention } from "./retention";

// What the design is for: a second organisation never sees who or where; every reveal is on the
// record; details go when no longer needed, at once on withdrawal, and for a whole town on purge.

let t: TestDb;
let orgA: SessionUser;
let orgB: SessionUser;
let admin: SessionUser;
const keys = sealingKeys(crypto.randomBytes(32), "transport request");
const NOW = new Date("2022-05-20T09:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const NAME = "Halyna Petrenko-Q9";
const ADDRESS = "вул. Тиха 7-Q9";

const facts = (townSlug = "lysychansk") => ({
  townSlug,
  peopleCount: 2,
  childrenCount: 0,
  mobility: "bedridden" as const,
  pets: true,
  medicalNeeds: ["oxygen" as const],
  locale: "uk" as const,
  requesterKind: "relative" as const,
  consentLocale: "uk" as const,
});
let serial = 0;
const personal = () => ({ name: NAME, phone: `+38050999${String(serial++).padStart(4, "0")}`, telegram: "@halyna_q9", address: ADDRESS, point: { lat: 48.91, lon: 38.43 }, medicalNote: "Oxygen concentrator Q9", noContactReason: "" });
const request = (townSlug?: string) => createTransportRequest(t.db, null, { channel: "web", facts: facts(townSlug), sealed: sealTransportRequestPersonal(keys, personal()), now: NOW });

async function userOf(organisation: string, role: "coordinator" | "admin"): Promise<SessionUser> {
  const [org] = await t.db.insert(organisations).values({ shortName: organisation, nameUk: organisation, nameRu: organisation, nameEn: organisation }).returning();
  const email = `${role}-${organisation.toLowerCase().replace(/\W/g, "")}@example.org`;
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role, organisationId: org!.id });
  return { id, email, name: "", role, organisation };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: NOW });
  orgA = await userOf("Org A", "coordinator");
  orgB = await userOf("Org B", "coordinator");
  admin = await userOf("Admins", "admin");
});
afterAll(async () => {
  await t?.drop();
});

const wholeDatabase = () => wholeDatabaseText(t.db);

describe(`transport requests' personal details (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("shows every coordinator the needs and counts, and only the claimant (and admins) the details, each reveal audited", async () => {
    const { id } = await request();
    await claimTransportRequest(t.db, orgA, { id, now: NOW });
    const poolB = await listTransportRequestPool(t.db, orgB, { townSlug: "lysychansk", now: NOW });
    const seenByB = poolB.find((r) => r.id === id)!;
    expect(seenByB).toMatchObject({ mobility: "bedridden", peopleCount: 2, pets: true, claimedBy: "Org A", claimedByMe: false, claimStale: false });
    expect(JSON.stringify(poolB)).not.toMatch(/Q9|380509|halyna/);
    expect((await listTransportRequestPool(t.db, orgA, { now: NOW })).find((r) => r.id === id)!.claimedByMe).toBe(true);
    expect((await listTransportRequestPool(t.db, orgB, { now: new Date(NOW.getTime() + DAY) })).find((r) => r.id === id)!.claimStale).toBe(true);

    await expect(revealTransportRequestPersonal(t.db, orgB, { id })).rejects.toBeInstanceOf(AccessError);
    const shown = await revealTransportRequestPersonal(t.db, orgA, { id });
    expect(openTransportRequestPersonal(keys, shown.personalSealed!)).toMatchObject({ name: NAME, address: ADDRESS });
    await revealTransportRequestPersonal(t.db, admin, { id });
    const reveals = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "transport_request.reveal"), eq(auditLog.entityId, id)));
    expect(reveals.map((r) => r.actorEmail).sort()).toEqual([admin.email, orgA.email].sort());
  });

  it("erases a closed request's details on the retention timer, 14 days after it closed, keeping the facts", async () => {
    const { id } = await request();
    const { version } = await claimTransportRequest(t.db, orgA, { id, now: NOW });
    await changeTransportRequestStatus(t.db, orgA, { id, baseVersion: version, status: "declined", now: NOW });
    let clock = new Date(NOW.getTime() + 13 * DAY);
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const timer = startTransportRequestRetention(t.db, { everyMs: 60_000, now: () => clock });
    try {
      await timer.runNow();
      expect((await row(id)).personalSealed).not.toBeNull();
      clock = new Date(NOW.getTime() + 14 * DAY);
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(async () => expect((await row(id)).personalSealed).toBeNull(), { timeout: 10_000, interval: 50 });
    } finally {
      timer.stop();
      vi.useRealTimers();
    }
    expect(await row(id)).toMatchObject({ phoneHash: null, telegramHash: null, status: "declined", mobility: "bedridden", peopleCount: 2 });
  });

  it("erases at once when the requester withdraws with their reference code", async () => {
    const { id, referenceCode } = await request();
    expect(await withdrawTransportRequest(t.db, { referenceCode: "ZZZZ-ZZZZ", now: NOW })).toBe(false);
    expect(await withdrawTransportRequest(t.db, { referenceCode, now: NOW })).toBe(true);
    expect(await row(id)).toMatchObject({ personalSealed: null, phoneHash: null, status: "cancelled" });
  });

  it("purges a whole town in one confirmed action, leaving no personal value in any table, the audit log included", async () => {
    const { id } = await request("sievierodonetsk");
    const { version } = await claimTransportRequest(t.db, orgA, { id, now: NOW });
    await changeTransportRequestStatus(t.db, orgA, { id, baseVersion: version, status: "contacted", now: NOW });
    await revealTransportRequestPersonal(t.db, orgA, { id });
    await request("sievierodonetsk");
    const sealedBefore = (await t.db.select({ s: transportRequests.personalSealed }).from(transportRequests)).map((r) => r.s).filter((s): s is string => s !== null);
    await expect(purgeTownTransportRequests(t.db, orgA, { townSlug: "sievierodonetsk", confirmTownSlug: "sievierodonetsk", now: NOW })).rejects.toBeInstanceOf(AccessError);
    await expect(purgeTownTransportRequests(t.db, admin, { townSlug: "sievierodonetsk", confirmTownSlug: "lysychansk", now: NOW })).rejects.toMatchObject({ error: { code: "purgeNotConfirmed" } });
    // Lysychansk's requests go too, so the whole database can be searched for what was entered.
    expect((await purgeTownTransportRequests(t.db, admin, { townSlug: "sievierodonetsk", confirmTownSlug: "sievierodonetsk", now: NOW })).purged).toBe(2);
    await purgeTownTransportRequests(t.db, admin, { townSlug: "lysychansk", confirmTownSlug: "lysychansk", now: NOW });
    const dump = await wholeDatabase();
    for (const value of [NAME, "Petrenko", ADDRESS, "Тиха", "380509", "halyna_q9", "Oxygen concentrator Q9", "48.91", ...sealedBefore]) expect(dump.includes(value), value).toBe(false);
    expect(await row(id)).toMatchObject({ status: "cancelled", mobility: "bedridden" });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "transport_request.purge_town")).limit(1);
    expect(audit!.after).toMatchObject({ townSlug: "sievierodonetsk", purged: 2 });
  });
});

async function row(id: string) {
  const [r] = await t.db.select().from(transportRequests).where(eq(transportRequests.id, id));
  return r!;
}
