import { createTemplate, TEMPLATE_VARIABLE } from "./test-db";

// Vitest's global setup for the database project: one migrated database for the run, which every
// test file's database is copied from (db/testing/test-db.ts). Workers start after this and
// inherit the variable.
export default async function setup(): Promise<() => Promise<void>> {
  const { template, remove } = await createTemplate();
  process.env[TEMPLATE_VARIABLE] = template;
  return async () => {
    delete process.env[TEMPLATE_VARIABLE];
    await remove();
  };
}
