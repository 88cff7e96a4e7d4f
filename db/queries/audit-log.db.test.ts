import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { createTestDb, type TestDb } from "../testing/test-db";
import { AUDIT_PAGE_SIZE, HIDDEN_REFERENCE_CODE, listAuditEntries, listAuditVocabulary } from "./audit-log";

let t: TestDb;
const WITHDRAWAL_KEY = "K7M4-QX2D";
const OTHER_KEY = "P3RT-9ZB5";
const admin: SessionUser = { id: "00000000-0000-4000-8000-00000000000a", email: "admin@example.org", name: "", role: "admin", organisation: "" };
const coordinator: SessionUser = { ...admin, role: "coordinator" };

beforeAll(async () => {
  t = await createTestDb();
  const base = Date.parse("2022-04-18T06:00:00Z");
  await t.db.insert(auditLog).values([
    ...Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => ({
      at: new Date(base + i * 60_000),
      actorEmail: "coordinator@example.org",
      action: "route.status.update",
      entityType: "route",
      entityId: `route-${i % 3}`,
      before: { status: "open" },
      after: { status: "closed" },
    })),
    { at: new Date("2022-04-19T10:00:00Z"), actorEmail: "admin@example.org", action: "incident.verify", entityType: "incident", entityId: "i-1" },
    { at: new Date("2022-04-20T10:00:00Z"), actorEmail: "admin@example.org", action: "incident.retract", entityType: "incident", entityId: "i-1" },
    { at: new Date("2022-04-20T11:00:00Z"), actorEmail: null, action: "session.sign_in_failed", entityType: "user", entityId: null, after: { email: "x%y@example.org" } },
  ]);
  // As db/queries/transport-requests.ts writes them: the reference code is the requester's key to
  // withdraw (and erase) their request. Outside the range the other tests filter on.
  await t.db.insert(auditLog).values([
    { at: new Date("2021-01-01T10:00:00Z"), actorEmail: "east-sos@example.org", action: "transport_request.claim", entityType: "transport_request", entityId: "r-1", after: { referenceCode: WITHDRAWAL_KEY, organisationId: "o-1" } },
    { at: new Date("2021-01-01T10:01:00Z"), actorEmail: "east-sos@example.org", action: "transport_request.merge", entityType: "transport_request", entityId: "r-2", after: { referenceCode: OTHER_KEY, mergedInto: WITHDRAWAL_KEY } },
  ]);
});
afterAll(async () => {
  await t?.drop();
});

describe("the audit log for admins", () => {
  it("lists newest first, one page at a time, with the total", async () => {
    const first = await listAuditEntries(t.db, admin, {});
    expect(first.total).toBe(AUDIT_PAGE_SIZE + 10);
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.rows[0]!.action).toBe("session.sign_in_failed");
    const times = first.rows.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await listAuditEntries(t.db, admin, {}, 2);
    expect(second.rows).toHaveLength(10);
    const ids = new Set([...first.rows, ...second.rows].map((r) => r.id));
    expect(ids.size).toBe(AUDIT_PAGE_SIZE + 10);
  });

  it("filters by who, an action or its family, the record and the time", async () => {
    expect((await listAuditEntries(t.db, admin, { actor: "ADMIN@" })).total).toBe(2);
    expect((await listAuditEntries(t.db, admin, { actor: "%" })).total).toBe(0);
    expect((await listAuditEntries(t.db, admin, { action: "incident." })).rows.map((r) => r.action)).toEqual(["incident.retract", "incident.verify"]);
    expect((await listAuditEntries(t.db, admin, { action: "incident.verify" })).total).toBe(1);
    expect((await listAuditEntries(t.db, admin, { action: "incident" })).total).toBe(0);
    expect((await listAuditEntries(t.db, admin, { entityType: "incident", entityId: "i-1" })).total).toBe(2);
    expect((await listAuditEntries(t.db, admin, { entityType: "route", entityId: "route-0" })).total).toBe(Math.ceil((AUDIT_PAGE_SIZE + 5) / 3));
    const day = await listAuditEntries(t.db, admin, { from: new Date("2022-04-20T00:00:00Z"), to: new Date("2022-04-20T23:59:59Z") });
    expect(day.rows.map((r) => r.action)).toEqual(["session.sign_in_failed", "incident.retract"]);
  });

  it("never shows a requester's reference code: reading the log is no reveal", async () => {
    const { rows } = await listAuditEntries(t.db, admin, { entityType: "transport_request" });
    expect(rows.map((r) => r.action)).toEqual(["transport_request.merge", "transport_request.claim"]);
    const shown = JSON.stringify(rows);
    expect(shown).not.toContain(WITHDRAWAL_KEY);
    expect(shown).not.toContain(OTHER_KEY);
    // What the entry is about stays: which request, which organisation.
    expect(rows[1]!.entityId).toBe("r-1");
    expect(rows[1]!.after).toMatchObject({ organisationId: "o-1", referenceCode: HIDDEN_REFERENCE_CODE });
    expect(rows[0]!.after).toMatchObject({ referenceCode: HIDDEN_REFERENCE_CODE, mergedInto: HIDDEN_REFERENCE_CODE });
  });

  it("offers the actions and record types that occur", async () => {
    const vocabulary = await listAuditVocabulary(t.db, admin);
    expect(vocabulary.actions).toEqual(["incident.retract", "incident.verify", "route.status.update", "session.sign_in_failed", "transport_request.claim", "transport_request.merge"]);
    expect(vocabulary.entityTypes).toEqual(["incident", "route", "transport_request", "user"]);
  });

  it("is for admins only", async () => {
    await expect(listAuditEntries(t.db, coordinator, {})).rejects.toBeInstanceOf(AccessError);
    await expect(listAuditVocabulary(t.db, null)).rejects.toBeInstanceOf(AccessError);
  });
});
