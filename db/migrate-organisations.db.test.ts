import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsBefore } from "./testing/migrations-before";

// The migration that makes organisations records turns every free-text organisation of an
// account or a route into one row, and points the account or route at it: no text is lost.
// Found by what it does, not by its number (migrations are renumbered when branches merge).

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
const BEFORE = journal.entries.find((e) => readFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), "utf8").includes('CREATE TABLE "organisations"'))!.tag;

const client = new PGlite();
const db = drizzle(client);

beforeAll(async () => {
  await migrate(db, { migrationsFolder: migrationsBefore(BEFORE) });
  await client.exec(`
    insert into oblasts (id, slug, name_uk, name_ru, name_en) values ('00000000-0000-4000-8000-000000000001', 'luhansk', 'Луганська', 'Луганская', 'Luhansk');
    insert into towns (id, slug, name_uk, name_ru, name_en, oblast_id, lat, lon) values
      ('00000000-0000-4000-8000-000000000002', 'a', 'А', 'А', 'A', '00000000-0000-4000-8000-000000000001', 48.9, 38.4),
      ('00000000-0000-4000-8000-000000000003', 'b', 'Б', 'Б', 'B', '00000000-0000-4000-8000-000000000001', 48.6, 38.0);
    insert into users (email, password_hash, role, organisation) values
      ('a@example.org', 'x', 'admin', 'Схід SOS'),
      ('b@example.org', 'x', 'coordinator', '  Схід SOS '),
      ('c@example.org', 'x', 'coordinator', 'Helping to Leave'),
      ('d@example.org', 'x', 'coordinator', '');
    insert into routes (id, slug, origin_town_id, destination_town_id, waypoints, mode, status, organisation) values
      ('00000000-0000-4000-8000-000000000004', 'a-b', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003',
       '[[38.4,48.9],[38.0,48.6]]', 'bus', 'open', 'Luhansk Regional Military Administration'),
      ('00000000-0000-4000-8000-000000000005', 'b-a', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002',
       '[[38.0,48.6],[38.4,48.9]]', 'bus', 'open', 'Helping to Leave');
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS });
});
afterAll(async () => {
  await client.close();
});

const rows = async <T>(query: string) => (await client.query<T>(query)).rows;

describe("the migration that makes organisations records", () => {
  it("makes one organisation of each distinct text, in every language, and none of a blank one", async () => {
    expect(await rows("select short_name, name_uk, name_ru, name_en from organisations order by short_name")).toEqual([
      { short_name: "Helping to Leave", name_uk: "Helping to Leave", name_ru: "Helping to Leave", name_en: "Helping to Leave" },
      {
        short_name: "Luhansk Regional Military Administration",
        name_uk: "Luhansk Regional Military Administration",
        name_ru: "Luhansk Regional Military Administration",
        name_en: "Luhansk Regional Military Administration",
      },
      { short_name: "Схід SOS", name_uk: "Схід SOS", name_ru: "Схід SOS", name_en: "Схід SOS" },
    ]);
  });

  it("points every account and route at its organisation; an account without one points at none", async () => {
    expect(await rows("select u.email, o.short_name from users u left join organisations o on o.id = u.organisation_id order by u.email")).toEqual([
      { email: "a@example.org", short_name: "Схід SOS" },
      { email: "b@example.org", short_name: "Схід SOS" },
      { email: "c@example.org", short_name: "Helping to Leave" },
      { email: "d@example.org", short_name: null },
    ]);
    expect(await rows("select r.slug, o.short_name from routes r join organisations o on o.id = r.organisation_id order by r.slug")).toEqual([
      { slug: "a-b", short_name: "Luhansk Regional Military Administration" },
      { slug: "b-a", short_name: "Helping to Leave" },
    ]);
  });

  it("drops the free-text columns, and an organisation in use cannot be deleted", async () => {
    expect(await rows("select column_name from information_schema.columns where table_name in ('users', 'routes') and column_name = 'organisation'")).toEqual([]);
    await expect(client.query("delete from organisations where short_name = 'Helping to Leave'")).rejects.toThrow(/foreign key/);
  });
});
