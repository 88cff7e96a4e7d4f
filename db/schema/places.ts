import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { noticeSeverity } from "./enums";
import { sources } from "./sources";
import { users } from "./users";

/** Admin level 1 (oblast). Towns and area notices point at it. */
export const oblasts = pgTable(
  "oblasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    nameUk: text("name_uk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    /** OCHA P-code, e.g. UA44 for Luhansk oblast. */
    pcode: text("pcode"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("oblasts_slug_unique").on(t.slug)],
);

/**
 * Admin level 3 (hromada, the territorial community). Optional for a town: exports name its OCHA
 * P-code so partners can join our rows to theirs (HXL #adm3+code).
 */
export const hromadas = pgTable(
  "hromadas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    oblastId: uuid("oblast_id")
      .notNull()
      .references(() => oblasts.id, { onDelete: "restrict" }),
    nameUk: text("name_uk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    /** OCHA P-code, e.g. UA4402005. */
    pcode: text("pcode").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("hromadas_pcode_unique").on(t.pcode), index("hromadas_oblast_idx").on(t.oblastId)],
);

export const towns = pgTable(
  "towns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** ASCII, stable, used in public URLs: /en/towns/sievierodonetsk. */
    slug: text("slug").notNull(),
    nameUk: text("name_uk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    /** Other spellings and transliterations in any script, for search. */
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    oblastId: uuid("oblast_id")
      .notNull()
      .references(() => oblasts.id, { onDelete: "restrict" }),
    hromadaId: uuid("hromada_id").references(() => hromadas.id, { onDelete: "restrict" }),
    pcode: text("pcode"),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("towns_slug_unique").on(t.slug),
    // The public towns list pages by slug in byte order (see routes_slug_bytes_idx).
    index("towns_slug_bytes_idx").on(sql`${t.slug} collate "C"`),
    index("towns_oblast_idx").on(t.oblastId),
    index("towns_hromada_idx").on(t.hromadaId),
    index("towns_updated_idx").on(t.updatedAt),
    check("towns_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("towns_lat_range", sql`${t.lat} between -90 and 90`),
    check("towns_lon_range", sql`${t.lon} between -180 and 180`),
  ],
);

/** A public warning for a town or a whole oblast ("no safe places left in the region"). */
export const areaNotices = pgTable(
  "area_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    townId: uuid("town_id").references(() => towns.id, { onDelete: "restrict" }),
    oblastId: uuid("oblast_id").references(() => oblasts.id, { onDelete: "restrict" }),
    severity: noticeSeverity("severity").notNull().default("warning"),
    textUk: text("text_uk").notNull(),
    textRu: text("text_ru").notNull(),
    textEn: text("text_en").notNull(),
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "set null" }),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    /** Null: in force until expired by a coordinator. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("area_notices_town_idx").on(t.townId),
    index("area_notices_oblast_idx").on(t.oblastId),
    check("area_notices_one_target", sql`(${t.townId} is null) <> (${t.oblastId} is null)`),
  ],
);
