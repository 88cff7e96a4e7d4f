import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sourceKind } from "./enums";
import { users } from "./users";

/**
 * Where a fact comes from. One table serves incidents, agreements, claims, notices and status
 * events, so every published fact can name its source and an export can list them uniformly.
 */
export const sources = pgTable(
  "sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: sourceKind("kind").notNull(),
    /** The outlet or channel, e.g. "Reuters", "Luhansk Regional Military Administration (Telegram)". */
    outlet: text("outlet").notNull(),
    title: text("title"),
    url: text("url"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** For the demo scenario: the article file in shared/sources the fact was taken from. */
    archiveRef: text("archive_ref"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sources_outlet_idx").on(t.outlet)],
);
