import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsBefore } from "./testing/migrations-before";

// Migration 0010 backfills the CAP messages of agreements that existed before it: an agreed one was
// public at its version; a withdrawn one was public only if the audit log shows it agreed; a
// proposal that was rejected was never public and gets nothing.

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");

const client = new PGlite();
const db = drizzle(client);
const AGREED = "00000000-0000-4000-8000-0000000000a1";
const REJECTED = "00000000-0000-4000-8000-0000000000a2";
const CANCELLED = "00000000-0000-4000-8000-0000000000a3";
const title = `'{"uk":"","ru":"","en":"Corridor"}'::jsonb`;

beforeAll(async () => {
  await migrate(db, { migrationsFolder: migrationsBefore("0010_corridor_alerts") });
  await client.exec(`
    insert into corridor_agreements (id, title, state, window_start, window_end, version, updated_at) values
      ('${AGREED}', ${title}, 'agreed', '2026-06-02 09:00+03', '2026-06-02 15:00+03', 2, '2026-06-01 10:00+03'),
      ('${REJECTED}', ${title}, 'rejected', '2026-06-02 09:00+03', '2026-06-02 15:00+03', 2, '2026-06-01 10:00+03'),
      ('${CANCELLED}', ${title}, 'cancelled', '2026-06-02 09:00+03', '2026-06-02 15:00+03', 4, '2026-06-01 12:00+03');
    insert into audit_log (at, action, entity_type, entity_id, before, after) values
      ('2026-06-01 09:00+03', 'agreement.reject', 'agreement', '${REJECTED}', '{"state":"proposed","version":1}', '{"state":"rejected","version":2}'),
      ('2026-06-01 09:00+03', 'agreement.agree', 'agreement', '${CANCELLED}', '{"state":"proposed","version":1}', '{"state":"agreed","version":2}'),
      ('2026-06-01 11:00+03', 'agreement.update', 'agreement', '${CANCELLED}', '{"version":2}', '{"version":3}'),
      ('2026-06-01 12:00+03', 'agreement.cancel', 'agreement', '${CANCELLED}', '{"state":"agreed","version":3}', '{"state":"cancelled","version":4}');
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS });
});
afterAll(async () => {
  await client.close();
});

const messages = async (id: string) =>
  (await client.query<{ version: number; msg_type: string; sent_at: Date }>(`select version, msg_type, sent_at from corridor_alerts where agreement_id = '${id}' order by version`)).rows.map(
    (r) => [r.version, r.msg_type, r.sent_at.toISOString()],
  );

describe("migration 0010 (corridor alerts)", () => {
  it("an agreed agreement's current version becomes its Alert", async () => {
    expect(await messages(AGREED)).toEqual([[2, "Alert", "2026-06-01T07:00:00.000Z"]]);
  });

  it("a rejected proposal was never public: nothing", async () => {
    expect(await messages(REJECTED)).toEqual([]);
  });

  it("a cancelled agreement the log shows agreed gets its Alert and its Cancel, at the logged versions and times", async () => {
    expect(await messages(CANCELLED)).toEqual([
      [2, "Alert", "2026-06-01T06:00:00.000Z"],
      [4, "Cancel", "2026-06-01T09:00:00.000Z"],
    ]);
  });

  it("from then on the trigger writes them", async () => {
    await client.exec(`update corridor_agreements set state = 'suspended', version = 3, updated_at = '2026-06-01 13:00+03' where id = '${AGREED}'`);
    expect(await messages(AGREED)).toEqual([
      [2, "Alert", "2026-06-01T07:00:00.000Z"],
      [3, "Cancel", "2026-06-01T10:00:00.000Z"],
    ]);
  });
});
