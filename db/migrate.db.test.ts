import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "./client";
import { auditLog } from "./schema/audit";
import { dbErrorOf } from "./testing/db-error";
import { createTestDb, type TestDb } from "./testing/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

async function tableNames(): Promise<string[]> {
  const result = await t.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rowsOf<{ table_name: string }>(result).map((r) => r.table_name);
}

describe(`migrations (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("create the whole data model from an empty database", async () => {
    expect(await tableNames()).toEqual([
      "agreement_claims",
      "agreement_parties",
      "agreement_routes",
      "agreement_sources",
      "area_notices",
      "audit_log",
      "corridor_agreements",
      "corridor_alerts",
      "hromadas",
      "inbound_messages",
      "incident_agreements",
      "incident_revisions",
      "incident_routes",
      "incident_sources",
      "incidents",
      "login_limits",
      "message_outbox",
      "message_pending",
      "messaging_failures",
      "messaging_send_rate",
      "messaging_state",
      "oblasts",
      "organisations",
      "reception_point_events",
      "reception_points",
      "request_dialogues",
      "route_status_events",
      "routes",
      "session_revocations",
      "sources",
      "subscribers",
      "subscriptions",
      "telegram_channels",
      "towns",
      "transport_request_events",
      "transport_requests",
      "transport_run_assignments",
      "transport_runs",
      "users",
    ]);
  });

  it("can be applied again without changing anything", async () => {
    const before = await tableNames();
    await t.migrate();
    expect(await tableNames()).toEqual(before);
  });

  it("make the audit log append-only in the database itself", async () => {
    await t.db.insert(auditLog).values({ action: "test.write", entityType: "test" });
    expect(await dbErrorOf(t.db.execute(sql`update audit_log set action = 'rewritten'`))).toMatch(/append-only: UPDATE/);
    expect(await dbErrorOf(t.db.execute(sql`delete from audit_log`))).toMatch(/append-only: DELETE/);
    expect(await dbErrorOf(t.db.execute(sql`truncate audit_log`))).toMatch(/append-only: TRUNCATE/);
    const rows = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log`));
    expect(rows.map((r) => r.action)).toContain("test.write");
    expect(rows.map((r) => r.action)).not.toContain("rewritten");
  });

  it("refuse values outside the domain's closed sets and ranges", async () => {
    expect(
      await dbErrorOf(t.db.execute(sql`insert into users (email, password_hash, role) values ('x@example.org', 'h', 'superuser')`)),
    ).toMatch(/invalid input value for enum user_role/);
    expect(
      await dbErrorOf(t.db.execute(sql`insert into users (email, password_hash, role) values ('Upper@Example.org', 'h', 'admin')`)),
    ).toMatch(/users_email_lowercase/);
  });
});
