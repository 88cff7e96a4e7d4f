import { execFileSync } from "node:child_process";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capAlertXml, corridorCancelAlert, corridorWindowAlert } from "@/lib/cap";
import { inLanguage } from "@/lib/localized-text";
import type { SessionUser } from "@/lib/session-user";
import { corridorAlerts } from "../schema/agreements";
import { MARIUPOL_CORRIDOR } from "../scenario/agreements";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { applyAgreementAction, createAgreement, updateAgreement, type AgreementInput } from "../queries/agreements";
import { createUser } from "../queries/users";
import { getPublicCorridorWindow, getPublicWithdrawnCorridorWindow, listPublicWithdrawnCorridorWindows } from "./corridor-windows";

// CAP messages about corridor windows (migration 0010): which alerts were published, so that the
// first one residents' systems see is an Alert, Updates and Cancels reference only published ones,
// and a proposal that was never agreed stays invisible even after it is rejected.

const SCHEMA = path.join(process.cwd(), "standards", "cap-v1.2.xsd");
const validateCap = (xml: string) => execFileSync("xmllint", ["--noout", "--schema", SCHEMA, "-"], { input: xml, stdio: ["pipe", "pipe", "pipe"] });
const ctx = { sender: "alerts@corridor.example.org", baseUrl: "https://corridor.example.org" };
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);

const HOUR = 3_600_000;
const T0 = new Date("2026-06-01T06:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

let t: TestDb;
let anna: SessionUser;

const input = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  title: inLanguage("en", "LEAK-CAP title of an agreement"),
  routeIds: [scenarioId("route:lysychansk-bakhmut")],
  parties: [{ id: null, name: "United Nations", role: "broker", representative: "OCHA" }],
  windowStart: at(24),
  windowEnd: at(30),
  terms: inLanguage("en", "LEAK-CAP terms"),
  sources: [],
  ...over,
});

const messages = async (id: string) =>
  (await t.db.select().from(corridorAlerts).where(eq(corridorAlerts.agreementId, id)).orderBy(asc(corridorAlerts.version))).map((m) => [m.version, m.msgType]);

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: T0 });
  const { id } = await createUser(t.db, null, { email: "anna@example.org", password: "a long enough password", role: "coordinator" });
  anna = { id, email: "anna@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await t?.drop();
});

describe("a proposal that is rejected", () => {
  it("was never public and stays invisible: no message, no window, no Cancel", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input(), now: at(0) });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "reject", now: at(1) });
    expect(await messages(id)).toEqual([]);
    expect(await getPublicCorridorWindow(t.db, { id, now: at(2) })).toBeNull();
    expect(await getPublicWithdrawnCorridorWindow(t.db, { id })).toBeNull();
    expect((await listPublicWithdrawnCorridorWindows(t.db, { now: at(2) })).map((w) => w.id)).not.toContain(id);
  });

  it("so is a proposal cancelled before anyone agreed it", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input(), now: at(0) });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "cancel", now: at(1) });
    expect(await messages(id)).toEqual([]);
    expect(await getPublicWithdrawnCorridorWindow(t.db, { id })).toBeNull();
  });
});

describe("a window agreed, edited, then cancelled", () => {
  let id = "";
  beforeAll(async () => {
    ({ id } = await createAgreement(t.db, anna, { input: input(), now: at(0) }));
  });

  it("its first public alert is an Alert for version 2, though the agreement was created at version 1", async () => {
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree", now: at(1) });
    expect(await messages(id)).toEqual([[2, "Alert"]]);
    const window = (await getPublicCorridorWindow(t.db, { id, now: at(2) }))!;
    expect(window.published).toEqual([{ version: 2, msgType: "Alert", sentAt: at(1) }]);
    const xml = capAlertXml(corridorWindowAlert({ ...window, agreementId: window.id }, ctx));
    validateCap(xml);
    expect(tag(xml, "msgType")).toEqual(["Alert"]);
    expect(tag(xml, "identifier")).toEqual([`corridor-window-${id}-v2`]);
    expect(tag(xml, "references")).toEqual([]);
  });

  it("an edit while agreed is an Update referencing the Alert", async () => {
    await updateAgreement(t.db, anna, { id, baseVersion: 2, input: input({ windowEnd: at(31) }), now: at(3) });
    const window = (await getPublicCorridorWindow(t.db, { id, now: at(4) }))!;
    const xml = capAlertXml(corridorWindowAlert({ ...window, agreementId: window.id }, ctx));
    validateCap(xml);
    expect(tag(xml, "msgType")).toEqual(["Update"]);
    expect(tag(xml, "references")).toEqual([`alerts@corridor.example.org,corridor-window-${id}-v2,2026-06-01T10:00:00+03:00`]);
  });

  it("cancelling it publishes a Cancel of both, with the window as it was public and nothing else", async () => {
    await applyAgreementAction(t.db, anna, { id, baseVersion: 3, action: "cancel", now: at(5) });
    expect(await messages(id)).toEqual([[2, "Alert"], [3, "Update"], [4, "Cancel"]]);
    expect(await getPublicCorridorWindow(t.db, { id, now: at(6) })).toBeNull();
    const withdrawn = (await getPublicWithdrawnCorridorWindow(t.db, { id }))!;
    const { routes, ...identity } = withdrawn;
    expect(identity).toEqual({
      id,
      windowStart: at(24),
      windowEnd: at(31),
      published: [
        { version: 2, msgType: "Alert", sentAt: at(1) },
        { version: 3, msgType: "Update", sentAt: at(3) },
        { version: 4, msgType: "Cancel", sentAt: at(5) },
      ],
    });
    // The routes it covered, as any public route is referred to: its Cancel's area.
    expect(routes.map((r) => [r.slug, r.origin.slug, r.destination.slug])).toEqual([["lysychansk-bakhmut", "lysychansk", "bakhmut"]]);
    expect(Object.keys(routes[0]!).sort()).toEqual(["destination", "id", "origin", "slug"]);
    const xml = capAlertXml(corridorCancelAlert({ ...withdrawn, agreementId: id }, ctx));
    validateCap(xml);
    expect(tag(xml, "msgType")).toEqual(["Cancel"]);
    expect(tag(xml, "areaDesc")).toEqual(["Лисичанськ", "Лисичанск", "Lysychansk"]);
    expect(tag(xml, "references")[0]!.split(" ")).toEqual([
      `alerts@corridor.example.org,corridor-window-${id}-v2,2026-06-01T10:00:00+03:00`,
      `alerts@corridor.example.org,corridor-window-${id}-v3,2026-06-01T12:00:00+03:00`,
    ]);
    expect(xml).not.toContain("LEAK-CAP");
  });

  it("the index lists the Cancel for as long as the window would have lasted", async () => {
    expect((await listPublicWithdrawnCorridorWindows(t.db, { now: at(6) })).map((w) => w.id)).toContain(id);
    expect((await listPublicWithdrawnCorridorWindows(t.db, { now: at(30.9) })).map((w) => w.id)).toContain(id);
    expect((await listPublicWithdrawnCorridorWindows(t.db, { now: at(31) })).map((w) => w.id)).not.toContain(id);
  });
});

describe("a window suspended and agreed again", () => {
  it("is cancelled by the suspension and announced by a new Alert; a later violation adds nothing", async () => {
    const { id } = await createAgreement(t.db, anna, { input: input(), now: at(0) });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 1, action: "agree", now: at(1) });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 2, action: "suspend", now: at(2) });
    expect((await getPublicWithdrawnCorridorWindow(t.db, { id }))?.published.at(-1)).toEqual({ version: 3, msgType: "Cancel", sentAt: at(2) });
    // An edit while suspended is not public: no message, and the Cancel keeps the public window.
    await updateAgreement(t.db, anna, { id, baseVersion: 3, input: input({ windowStart: at(40), windowEnd: at(41) }), now: at(3) });
    expect(await messages(id)).toEqual([[2, "Alert"], [3, "Cancel"]]);
    expect((await getPublicWithdrawnCorridorWindow(t.db, { id }))?.windowStart).toEqual(at(24));
    await applyAgreementAction(t.db, anna, { id, baseVersion: 4, action: "agree", now: at(4) });
    expect(await messages(id)).toEqual([[2, "Alert"], [3, "Cancel"], [5, "Alert"]]);
    expect(await getPublicWithdrawnCorridorWindow(t.db, { id })).toBeNull();
    await applyAgreementAction(t.db, anna, { id, baseVersion: 5, action: "suspend", now: at(5) });
    await applyAgreementAction(t.db, anna, { id, baseVersion: 6, action: "markViolated", now: at(6) });
    expect(await messages(id)).toEqual([[2, "Alert"], [3, "Cancel"], [5, "Alert"], [6, "Cancel"]]);
    const withdrawn = (await getPublicWithdrawnCorridorWindow(t.db, { id }))!;
    const xml = capAlertXml(corridorCancelAlert({ ...withdrawn, agreementId: id }, ctx));
    validateCap(xml);
    expect(tag(xml, "references")).toEqual([`alerts@corridor.example.org,corridor-window-${id}-v5,2026-06-01T13:00:00+03:00`]);
  });
});

describe("the seeded corridor", () => {
  it("inserted agreed has its Alert, like any agreed window", async () => {
    const id = scenarioId(`agreement:${MARIUPOL_CORRIDOR.key}`);
    expect(await messages(id)).toEqual([[1, "Alert"]]);
  });
});
