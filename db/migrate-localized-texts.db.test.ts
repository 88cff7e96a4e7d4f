import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsBefore } from "./testing/migrations-before";

// Migration 0008 turns five free texts into { uk, ru, en }. Rows written before it must keep every
// character, in the language their letters say, and never be cut or translated.

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const BEFORE = "0008_localized_texts";

const client = new PGlite();
const db = drizzle(client);

const UK = "Міст зруйновано, евакуація неможлива: їхати лише через Сіверськ.";
const RU = "Мост разрушен, эвакуация невозможна: ехать только через Северск.";
const EN = "Bridge destroyed; evacuation impossible, go via Siversk only.";

beforeAll(async () => {
  await migrate(db, { migrationsFolder: migrationsBefore(BEFORE) });
  await client.exec(`
    insert into oblasts (id, slug, name_uk, name_ru, name_en) values ('00000000-0000-4000-8000-000000000001', 'luhansk', 'Луганська', 'Луганская', 'Luhansk');
    insert into towns (id, slug, name_uk, name_ru, name_en, oblast_id, lat, lon) values
      ('00000000-0000-4000-8000-000000000002', 'a', 'А', 'А', 'A', '00000000-0000-4000-8000-000000000001', 48.9, 38.4),
      ('00000000-0000-4000-8000-000000000003', 'b', 'Б', 'Б', 'B', '00000000-0000-4000-8000-000000000001', 48.6, 38.0);
    insert into routes (id, slug, origin_town_id, destination_town_id, waypoints, mode, assembly_point, schedule, status, status_reason) values
      ('00000000-0000-4000-8000-000000000004', 'a-b', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003',
       '[[38.4,48.9],[38.0,48.6]]', 'bus', '${RU}', '', 'closed', '${UK}');
    insert into route_status_events (route_id, status, reason, confirmed_at, route_version) values
      ('00000000-0000-4000-8000-000000000004', 'closed', '${EN}', now(), 1);
    insert into incidents (category, occurred_at, reported_at, town_id, public_summary) values
      ('other', now(), now(), '00000000-0000-4000-8000-000000000002', '${UK}');
    insert into corridor_agreements (title, window_start, window_end, terms) values
      ('${EN}', now(), now() + interval '1 hour', '');
  `);
  await migrate(db, { migrationsFolder: MIGRATIONS });
});
afterAll(async () => {
  await client.close();
});

const one = async <T>(query: string) => (await client.query<T>(query)).rows[0]!;

describe("migration 0008 (localized texts)", () => {
  it("moves each text whole into the language its letters are in", async () => {
    const route = await one<{ status_reason: unknown; assembly_point: unknown; schedule: unknown; status_reason_codes: string }>(
      "select status_reason, assembly_point, schedule, status_reason_codes::text from routes",
    );
    expect(route.status_reason).toEqual({ uk: UK, ru: "", en: "" });
    expect(route.assembly_point).toEqual({ uk: "", ru: RU, en: "" });
    expect(route.schedule).toEqual({ uk: "", ru: "", en: "" });
    expect(route.status_reason_codes).toBe("{}");
    expect((await one<{ reason: unknown }>("select reason from route_status_events")).reason).toEqual({ uk: "", ru: "", en: EN });
    expect((await one<{ public_summary: unknown }>("select public_summary from incidents")).public_summary).toEqual({ uk: UK, ru: "", en: "" });
    const agreement = await one<{ title: unknown; terms: unknown }>("select title, terms from corridor_agreements");
    expect(agreement).toEqual({ title: { uk: "", ru: "", en: EN }, terms: { uk: "", ru: "", en: "" } });
  });

  it("leaves no helper function behind, and the new columns refuse a bare string", async () => {
    expect((await client.query("select 1 from pg_proc where proname = 'corridor_text_in_its_language'")).rows).toHaveLength(0);
    await expect(client.query(`update routes set status_reason = '"plain"'::jsonb`)).rejects.toThrow(/routes_status_reason_shape/);
    await expect(client.query(`update incidents set public_summary = '{"uk":" ","ru":"","en":""}'::jsonb`)).rejects.toThrow(/incidents_public_summary_shape/);
  });
});
