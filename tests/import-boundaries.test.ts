import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer boundaries of CODE_STYLE.md are lint rules; this checks the rules themselves, so a
// config change that drops one fails here and not silently.

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const STAFF_QUERY = 'import { listRoutesForCoordinators } from "@/db/queries/routes";\nexport const x = listRoutesForCoordinators;\n';

describe("import boundaries", { timeout: 30_000 }, () => {
  // The first lint loads the config, the TypeScript parser and every plugin: seconds, once.
  beforeAll(() => eslint.lintText("export {};\n", { filePath: "lib/warm-up.ts" }), 120_000);

  it.each([
    "app/[locale]/(public)/towns/[slug]/page.tsx",
    "app/[locale]/lite/route.ts",
    "app/lite/route.ts",
    "app/api/v1/routes/route.ts",
    "app/feeds/status.atom/route.ts",
    "components/public/route-details.tsx",
    "server/lite/respond.ts",
    "server/messaging/replies.ts",
    "db/public/routes.ts",
  ])("%s may not import staff queries", async (file) => {
    expect(await restrictedImports(file, STAFF_QUERY)).toEqual([expect.stringMatching(/only through db\/public/)]);
  });

  it("public outputs may not query tables themselves, but may use their types", async () => {
    const page = "app/[locale]/(public)/page.tsx";
    expect(await restrictedImports(page, 'import { eq } from "drizzle-orm";\nexport const x = eq;\n')).toHaveLength(1);
    expect(await restrictedImports(page, 'import { routes } from "@/db/schema/routes";\nexport const x = routes;\n')).toHaveLength(1);
    expect(await restrictedImports(page, 'import type { LonLat } from "@/db/schema/routes";\nexport type X = LonLat;\n')).toEqual([]);
  });

  it("a dynamic import() of a staff query is refused too", async () => {
    const [result] = await eslint.lintText('export const load = () => import("@/db/queries/routes");\n', { filePath: "app/api/v1/routes/route.ts" });
    expect(result!.messages.map((m) => m.ruleId)).toContain("no-restricted-syntax");
  });

  it("db/public may not reach staff queries by a relative path either", async () => {
    expect(await restrictedImports("db/public/towns.ts", 'import { x } from "../queries/towns";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restrictedImports("db/public/towns.ts", 'import { x } from "./../queries/towns";\nexport const y = x;\n')).toHaveLength(1);
  });

  it.each([
    ['import { getDb } from "@/db";', /no database/],
    ['import { revalidatePath } from "next/cache";', /framework code/],
    ['import http from "node:http";', /HTTP servers/],
    ['import "server-only";', /pure/],
    ['import { withPublicCache } from "@/server/public-cache/server";', /runtime code/],
  ])("lib/ may not: %s", async (line, message) => {
    expect(await restrictedImports("lib/freshness.ts", `${line}\nexport {};\n`)).toEqual([expect.stringMatching(message)]);
  });

  it.each(["db/queries/users.ts", "db/seed.ts", "db/public/towns.ts", "db/client.ts"])("%s may not import server/ (the layer above)", async (file) => {
    const line = 'import { hashPassword } from "@/server/password";\nexport const h = hashPassword;\n';
    expect(await restrictedImports(file, line)).toEqual([expect.stringMatching(/db\/ may not import server\//)]);
    expect(await restrictedImports(file, 'import { x } from "../server/password";\nexport const y = x;\n')).toEqual([expect.stringMatching(/db\/ may not import server\//)]);
    expect(await restrictedImports(file, 'import { hashPassword } from "@/lib/password";\nexport const h = hashPassword;\n')).toEqual([]);
  });

  it("staff pages and staff queries may import staff queries; lib/ may import lib/", async () => {
    expect(await restrictedImports("app/[locale]/coordinate/routes/page.tsx", STAFF_QUERY)).toEqual([]);
    expect(await restrictedImports("db/queries/agreements.ts", STAFF_QUERY)).toEqual([]);
    expect(await restrictedImports("lib/cap.ts", 'import { routeFreshness } from "@/lib/freshness";\nexport const f = routeFreshness;\n')).toEqual([]);
  });

  it("an update or delete without where() is an error", async () => {
    const [result] = await eslint.lintText("export async function wipe(db: any, t: any) {\n  await db.delete(t);\n  await db.update(t).set({ a: 1 });\n}\n", {
      filePath: "db/queries/wipe.ts",
    });
    expect(result!.messages.map((m) => m.ruleId)).toEqual(expect.arrayContaining(["drizzle/enforce-delete-with-where", "drizzle/enforce-update-with-where"]));
  });
});
