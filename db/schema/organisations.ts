import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/**
 * An organisation that accounts work for and that runs routes. Claims of evacuation requests and
 * every reveal of a requester's details belong to an organisation, not to a person, so it is a
 * record rather than free text. The public contact is public by nature (a hotline, a website).
 */
export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What staff pages, exports and the route pages show: "East SOS", "Luhansk RMA". */
    shortName: text("short_name").notNull(),
    nameUk: text("name_uk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    publicContact: text("public_contact").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_short_name_unique").on(t.shortName),
    check("organisations_short_name_present", sql`btrim(${t.shortName}) <> ''`),
  ],
);
