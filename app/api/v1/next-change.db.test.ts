import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Db } from "@/db";
import { NEXT_CHANGE_HEADER } from "@/lib/next-change";

// The API, GeoJSON, the CAP index and the lite pages say when what they answer next changes by the
// clock alone, and no cache may keep them past it: on the demo scenario, whose statuses are fresh
// for a few hours, each answer names that instant and its max-age ends before it.

const state = vi.hoisted(() => ({ db: null as Db | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db! }));

const routes = await import("./routes/route");
const routesGeo = await import("./routes.geojson/route");
const capIndex = await import("../../feeds/cap.atom/route");
const lite = await import("@/server/lite/respond");

const BASE = "http://localhost:3000";
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  state.db = t.db;
});

afterAll(async () => {
  await t?.drop();
});

function expectBounded(name: string, answer: Response, asked: number): number {
  const at = Date.parse(answer.headers.get(NEXT_CHANGE_HEADER) ?? "");
  expect(Number.isFinite(at), `${name} names its next change`).toBe(true);
  expect(at).toBeGreaterThan(asked);
  const maxAge = Number(/^public, max-age=(\d+)$/.exec(answer.headers.get("cache-control") ?? "")?.[1]);
  expect(maxAge, name).toBeLessThanOrEqual(30);
  expect(asked + maxAge * 1000, `${name}: max-age reaches past the change`).toBeLessThanOrEqual(at);
  return at;
}

describe("answers under the next-change rule", () => {
  it("the routes API and its GeoJSON: the earliest freshness end or window edge of every route, filtered or not", async () => {
    const asked = Date.now();
    const answer = await routes.GET(new Request(`${BASE}/api/v1/routes`));
    const body = (await answer.json()) as { routes: { freshUntil: string | null; corridorWindow: { start: string; end: string } | null }[] };
    const instants = body.routes.flatMap((r) => [r.freshUntil, r.corridorWindow?.start, r.corridorWindow?.end]).flatMap((iso) => (iso ? [Date.parse(iso)] : []));
    const expected = Math.min(...instants.filter((at) => at > asked));
    // The body states instants to the second; the header names the exact instant, within that second.
    const second = (at: number) => Math.floor(at / 1000) * 1000;
    expect(second(expectBounded("/api/v1/routes", answer, asked))).toBe(second(expected));
    // Readable by a page on another site that polls the API.
    expect(answer.headers.get("access-control-expose-headers")).toContain("X-Corridor-Next-Change");
    // A filter that keeps no route still changes when a route's status does (it may join the list).
    const none = await routes.GET(new Request(`${BASE}/api/v1/routes?status=unknown`));
    expect(none.status).toBe(200);
    expect(second(expectBounded("/api/v1/routes?status=unknown", none, asked))).toBe(second(expected));
    expect(second(expectBounded("/api/v1/routes.geojson", await routesGeo.GET(new Request(`${BASE}/api/v1/routes.geojson`)), asked))).toBe(second(expected));
  });

  it("the CAP index and the lite pages", async () => {
    const asked = Date.now();
    expectBounded("/feeds/cap.atom", await capIndex.GET(new Request(`${BASE}/feeds/cap.atom`)), asked);
    expectBounded("/en/lite", await lite.liteHomeResponse("en"), asked);
    const town = await lite.liteTownResponse("en", "lysychansk");
    expect(town.status).toBe(200);
    expectBounded("/en/lite/towns/lysychansk", town, asked);
  });
});
