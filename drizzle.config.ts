import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: it diffs db/schema.ts against the committed snapshots.
// Migrations are applied by the app (instrumentation.ts) and `npm run db:migrate`, never by `push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
