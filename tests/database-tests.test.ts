import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFiles, root } from "./repository-files";

// One rule decides which tests get a database: a file named *.db.test.ts opens one and runs in
// Vitest's db project (once on PostgreSQL and once on PGlite in CI); every other *.test.ts runs in
// the unit project, which has none. vitest.config.ts places files by that name alone; this checks
// each file's name against what it imports, so a test cannot quietly sit in the wrong project.

/** Imports that open a database: the per-file test database, the drivers, the app's connection. */
const DATABASE_IMPORT = /^import\s[^;]*?from\s+"(?:[./@a-z-]*\/testing\/test-db|@electric-sql\/pglite|postgres|@\/db|@\/db\/client|\.{1,2}\/(?:\.\.\/)*client)"/m;
/** A test that runs the app's scripts (npm run db:migrate, user:create...): each opens a database. */
const RUNS_SCRIPTS = /(?<!['"`])\bspawn(?:Sync)?\(\s*"node_modules\/\.bin\/tsx"/;

export function opensDatabase(code: string): boolean {
  return DATABASE_IMPORT.test(code) || RUNS_SCRIPTS.test(code);
}

const tests = repositoryFiles().filter((file) => file.endsWith(".test.ts"));
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("which tests need a database", () => {
  it("tells a database test from one without", () => {
    expect(opensDatabase('import { createTestDb } from "./testing/test-db";')).toBe(true);
    expect(opensDatabase('import { createTestDb } from "@/db/testing/test-db";')).toBe(true);
    expect(opensDatabase('import { PGlite } from "@electric-sql/pglite";')).toBe(true);
    expect(opensDatabase('import postgres from "postgres";')).toBe(true);
    expect(opensDatabase('import { getDb } from "@/db";')).toBe(true);
    expect(opensDatabase('spawnSync("node_modules/.bin/tsx", ["scripts/db-seed.ts"]);')).toBe(true);
    expect(opensDatabase('const env = { PGLITE_DIR: "/tmp/x" };')).toBe(false);
    expect(opensDatabase('import { isDatabaseUnavailable } from "./unavailable";')).toBe(false);
    expect(opensDatabase('import { parsePostgresUrl } from "@/db/config";')).toBe(false);
  });

  it("a test that opens a database is named *.db.test.ts", () => {
    expect(tests.filter((file) => !file.endsWith(".db.test.ts") && opensDatabase(read(file)))).toEqual([]);
  });

  it("a *.db.test.ts opens one (else it belongs with the unit tests)", () => {
    const named = tests.filter((file) => file.endsWith(".db.test.ts"));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((file) => !opensDatabase(read(file)))).toEqual([]);
  });
});
