import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsBefore } from "./testing/migrations-before";

// The migration that records each transport request's channel gives the requests already stored
// one from what they hold in clear: staff-entered is the hotline, facts left unknown are SMS, the
// rest the web. Found by what it does, not by its number (migrations are renumbered at merge).

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
const BEFORE = journal.entries.find((e) => readFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), "utf8").includes('CREATE TYPE "public"."request_channel"'))!.tag;

const client = new PGlite();
const db = drizzle(client);

beforeAll(async () => {
  await migrate(db, { migrationsFolder: migrationsBefore(BEFORE) });
  await client.exec(`
    insert into oblasts (id, slug, name_uk, name_ru, name_en) values ('00000000-0000-4000-8000-000000000001', 'luhansk', 'Луганська', 'Луганская', 'Luhansk');
    insert into towns (id, slug, name_uk, name_ru, name_en, oblast_id, lat, lon) values
      ('00000000-0000-4000-8000-000000000002', 'a', 'А', 'А', 'A', '00000000-0000-4000-8000-000000000001', 48.9, 38.4);
    insert into users (id, email, password_hash, role) values ('00000000-0000-4000-8000-000000000003', 'a@example.org', 'x', 'coordinator');
    insert into transport_requests (reference_code, town_id, people_count, mobility, locale, requester_kind, created_by, unknown_fields, phone_hash) values
      ('AAAA-0001', '00000000-0000-4000-8000-000000000002', 1, 'walks', 'uk', 'relative', '00000000-0000-4000-8000-000000000003', '{}', 'h1'),
      ('AAAA-0002', '00000000-0000-4000-8000-000000000002', 1, 'walks', 'uk', 'hotline', null, '{}', null),
      ('AAAA-0003', '00000000-0000-4000-8000-000000000002', 1, 'walks', 'uk', 'self', null, '{peopleCount,mobility}', 'h2'),
      ('AAAA-0004', '00000000-0000-4000-8000-000000000002', 1, 'walks', 'uk', 'relative', null, '{}', 'h2');
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS });
});
afterAll(async () => {
  await client.close();
});

describe("the migration that records each request's channel", () => {
  it("gives every stored request one, from its columns in clear, and none refuses updates yet", async () => {
    const { rows } = await client.query("select reference_code, channel, sms_refused_at, telegram_refused_at from transport_requests order by reference_code");
    expect(rows).toEqual([
      { reference_code: "AAAA-0001", channel: "hotline", sms_refused_at: null, telegram_refused_at: null },
      { reference_code: "AAAA-0002", channel: "hotline", sms_refused_at: null, telegram_refused_at: null },
      { reference_code: "AAAA-0003", channel: "sms", sms_refused_at: null, telegram_refused_at: null },
      { reference_code: "AAAA-0004", channel: "web", sms_refused_at: null, telegram_refused_at: null },
    ]);
  });

  it("requires a channel of every request from now on", async () => {
    await expect(
      client.query("insert into transport_requests (reference_code, town_id, people_count, mobility, locale, requester_kind) values ('AAAA-0005', '00000000-0000-4000-8000-000000000002', 1, 'walks', 'uk', 'self')"),
    ).rejects.toThrow(/channel/);
  });
});
