import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { routes, routeStatusEvents } from "../schema/routes";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { confirmRouteStatus, listStatusHistoryForCoordinators, updateRouteStatus } from "./route-status";
import { getRouteForCoordinator, updateRouteDetails } from "./routes";
import { createUser } from "./users";
import { StaleVersionError } from "./write-errors";
import { inLanguage } from "@/lib/localized-text";

let t: TestDb;
let anna: SessionUser;
let bohdan: SessionUser;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const make = async (email: string): Promise<SessionUser> => {
    const { id } = await createUser(t.db, null, { email, password: "a long enough password", role: "coordinator" });
    return { id, email, name: "", role: "coordinator", organisation: "" };
  };
  anna = await make("anna@example.org");
  bohdan = await make("bohdan@example.org");
});
afterAll(async () => {
  await t?.drop();
});

const routeBySlug = async (slug: string) => (await getRouteForCoordinator(t.db, anna, slug))!;
const eventCount = async (routeId: string) =>
  (await t.db.select({ n: count() }).from(routeStatusEvents).where(eq(routeStatusEvents.routeId, routeId)))[0]!.n;
const auditCount = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;

describe("two coordinators updating one route version at once", () => {
  it("lets exactly one win; the other is refused with the winner's status, name and time", async () => {
    const route = await routeBySlug("lysychansk-bakhmut");
    const eventsBefore = await eventCount(route.id);
    const auditBefore = await auditCount();
    const base = { routeId: route.id, baseVersion: route.version, source: null };
    const results = await Promise.allSettled([
      updateRouteStatus(t.db, anna, { ...base, status: "closed", reasonCodes: [], reason: inLanguage("en", "Bridge at Siversk destroyed") }),
      updateRouteStatus(t.db, bohdan, { ...base, status: "caution", reasonCodes: [], reason: inLanguage("en", "Shelling near Bakhmut") }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = (lost[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(StaleVersionError);

    const after = await routeBySlug("lysychansk-bakhmut");
    const winner = after.status === "closed" ? anna : bohdan;
    expect(after.version).toBe(route.version + 1);
    expect((error as StaleVersionError).details).toMatchObject({
      entity: "route",
      status: after.status,
      reason: after.statusReason,
      changedBy: winner.email,
      changedAt: after.statusConfirmedAt!.toISOString(),
      version: after.version,
    });
    // Only the winner's event and audit row exist.
    expect(await eventCount(route.id)).toBe(eventsBefore + 1);
    expect(await auditCount()).toBe(auditBefore + 1);
  });

  it("refuses an edit of the route's details based on the version before a status update", async () => {
    const route = await routeBySlug("hirske-bakhmut");
    await updateRouteStatus(t.db, anna, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: [], reason: inLanguage("en", "Road mined"), source: null });
    const input = {
      originTownId: route.originTownId,
      destinationTownId: route.destinationTownId,
      waypoints: route.waypoints,
      mode: route.mode,
      assemblyPoint: inLanguage("en", "Somewhere else"),
      schedule: route.schedule,
      organisationId: route.organisationId,
      freshnessWindowHours: route.freshnessWindowHours,
    };
    const refused = await updateRouteDetails(t.db, bohdan, { id: route.id, baseVersion: route.version, input }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StaleVersionError);
    expect((refused as StaleVersionError).details).toMatchObject({ status: "closed", reason: inLanguage("en", "Road mined"), changedBy: anna.email });
    expect((await routeBySlug("hirske-bakhmut")).assemblyPoint).not.toBe("Somewhere else");
  });

  it("names whoever made the newer change, also when it was an edit of the details", async () => {
    const route = await routeBySlug("hirske-bakhmut");
    const input = {
      originTownId: route.originTownId,
      destinationTownId: route.destinationTownId,
      waypoints: route.waypoints,
      mode: route.mode,
      assemblyPoint: inLanguage("en", "Bus station"),
      schedule: route.schedule,
      organisationId: route.organisationId,
      freshnessWindowHours: route.freshnessWindowHours,
    };
    await updateRouteDetails(t.db, bohdan, { id: route.id, baseVersion: route.version, input });
    const refused = await updateRouteStatus(t.db, anna, { routeId: route.id, baseVersion: route.version, status: "open", reasonCodes: [], reason: inLanguage("en", ""), source: null }).catch((e: unknown) => e);
    expect((refused as StaleVersionError).details).toMatchObject({ changedBy: bohdan.email, status: "closed" });
  });
});

describe("status history", () => {
  it("appends an event per update and per confirmation, newest first, with who and the source", async () => {
    const route = await routeBySlug("popasna-bakhmut");
    // After the scenario's own events, which are stamped minutes before the seed ran.
    const t0 = new Date(Date.now() + 1000);
    const t1 = new Date(t0.getTime() + 90 * 60_000);
    const updated = await updateRouteStatus(t.db, anna, {
      routeId: route.id,
      baseVersion: route.version,
      status: "caution",
      reasonCodes: [], reason: inLanguage("en", "Checkpoint delays"),
      source: { kind: "official_channel", outlet: "Regional administration (Telegram)", url: "https://t.me/example/1" },
      now: t0,
    });
    await confirmRouteStatus(t.db, bohdan, { routeId: route.id, baseVersion: updated.version, now: t1 });

    const history = await listStatusHistoryForCoordinators(t.db, anna, route.id);
    expect(history[0]).toMatchObject({ kind: "confirm", status: "caution", reason: inLanguage("en", "Checkpoint delays"), byEmail: bohdan.email });
    expect(history[0]!.confirmedAt.toISOString()).toBe(t1.toISOString());
    expect(history[1]).toMatchObject({
      kind: "update",
      status: "caution",
      byEmail: anna.email,
      source: { outlet: "Regional administration (Telegram)", url: "https://t.me/example/1", kind: "official_channel" },
    });
    const after = await routeBySlug("popasna-bakhmut");
    expect(after.statusConfirmedAt!.toISOString()).toBe(t1.toISOString());
    expect(after.confirmedByEmail).toBe(bohdan.email);
  });

  it("clears a nearby-incident review flag when a coordinator confirms", async () => {
    const route = await routeBySlug("rubizhne-sloviansk");
    // Flagging bumps the version (so a confirmation from a page without the flag is refused).
    await t.db.update(routes).set({ reviewFlaggedAt: new Date(), version: route.version + 1 }).where(eq(routes.id, route.id));
    await expect(confirmRouteStatus(t.db, anna, { routeId: route.id, baseVersion: route.version })).rejects.toBeInstanceOf(StaleVersionError);
    await confirmRouteStatus(t.db, anna, { routeId: route.id, baseVersion: route.version + 1 });
    expect((await routeBySlug("rubizhne-sloviansk")).reviewFlaggedAt).toBeNull();
  });

  it("refuses a confirmation based on an older version and writes nothing", async () => {
    const route = await routeBySlug("kreminna-sloviansk");
    await updateRouteStatus(t.db, anna, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: [], reason: inLanguage("en", "Still impassable"), source: null });
    const events = await eventCount(route.id);
    await expect(confirmRouteStatus(t.db, bohdan, { routeId: route.id, baseVersion: route.version })).rejects.toBeInstanceOf(StaleVersionError);
    expect(await eventCount(route.id)).toBe(events);
  });

  it("refuses a caller without a coordinator session before touching the database", async () => {
    const route = await routeBySlug("sievierodonetsk-kramatorsk");
    await expect(
      updateRouteStatus(t.db, null, { routeId: route.id, baseVersion: route.version, status: "open", reasonCodes: [], reason: inLanguage("en", ""), source: null }),
    ).rejects.toThrow(/unauthenticated/i);
    expect((await routeBySlug("sievierodonetsk-kramatorsk")).version).toBe(route.version);
  });
});

describe("chosen instructions", () => {
  it("are stored on the route and its event, kept by a confirmation, and cleared by the next status", async () => {
    const route = await routeBySlug("lysychansk-bakhmut");
    const t0 = new Date(Date.now() + 5000);
    const instructions = [{ code: "shelter_in_place" as const }, { code: "go_to_assembly_point" as const, at: "2026-12-08T07:00:00.000Z" }];
    const set = await updateRouteStatus(t.db, anna, {
      routeId: route.id,
      baseVersion: route.version,
      status: "closed",
      reasonCodes: ["shelling_or_air_strikes"],
      reason: inLanguage("en", "Do not set out"),
      instructions: [instructions[1]!, instructions[0]!],
      source: null,
      now: t0,
    });
    const confirmed = await confirmRouteStatus(t.db, bohdan, { routeId: route.id, baseVersion: set.version, now: new Date(t0.getTime() + 60_000) });
    const history = await listStatusHistoryForCoordinators(t.db, anna, route.id);
    // In the list's order whatever order they came in, and a confirmation vouches for them again.
    expect(history[0]!.instructions).toEqual(instructions);
    expect(history[1]!.instructions).toEqual(instructions);
    const [row] = await t.db.select({ i: routes.statusInstructions }).from(routes).where(eq(routes.id, route.id));
    expect(row!.i).toEqual(instructions);

    await updateRouteStatus(t.db, anna, { routeId: route.id, baseVersion: confirmed.version, status: "open", reasonCodes: [], reason: inLanguage("en", ""), source: null, now: new Date(t0.getTime() + 120_000) });
    const [after] = await t.db.select({ i: routes.statusInstructions }).from(routes).where(eq(routes.id, route.id));
    expect(after!.i).toEqual([]);
  });

  it("the database refuses an unknown code, or a timed one without its time, whatever wrote it", async () => {
    const route = await routeBySlug("popasna-bakhmut");
    for (const bad of [[{ code: "run" }], [{ code: "checkpoint_closes" }], [{ code: "do_not_travel", at: "2026-12-08T07:00:00Z" }], { code: "do_not_travel" }]) {
      await expect(t.db.update(routes).set({ statusInstructions: bad as never }).where(eq(routes.id, route.id)), JSON.stringify(bad)).rejects.toThrow();
    }
  });
});
