import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { capAlertXml, capMessageFile, corridorCancelAlert, corridorMessageChain, corridorWindowAlert, statusChangeAlert, type CorridorMessage, type StatusAlertInput } from "./cap";
import { toPlaceIso } from "./iso-time";
import { inLanguage } from "@/lib/localized-text";

const SCHEMA = path.join(import.meta.dirname, "..", "standards", "cap-v1.2.xsd");

/** Throws (with xmllint's message) unless the XML is valid against the CAP 1.2 schema. */
function validateCap(xml: string): void {
  execFileSync("xmllint", ["--noout", "--schema", SCHEMA, "-"], { input: xml, stdio: ["pipe", "pipe", "pipe"] });
}

const lysychansk = { slug: "lysychansk", nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk", lat: 48.904, lon: 38.442 };
const bakhmut = { slug: "bakhmut", nameUk: "Бахмут", nameRu: "Бахмут", nameEn: "Bakhmut" };
const ctx = { sender: "alerts@corridor.example.org", baseUrl: "https://corridor.example.org" };

const summerEvent: StatusAlertInput = {
  eventId: "0b6c1f1e-3f57-4d8e-a8b5-4e0c6d0d9a01",
  status: "caution",
  reasonCodes: [],
  reason: inLanguage("en", "Buses are running, but the city was shelled overnight <at least seven killed> & more."),
  confirmedAt: new Date("2022-04-18T07:00:00Z"),
  recordedAt: new Date("2022-04-18T07:02:00Z"),
  freshnessWindowHours: 6,
  routeSlug: "lysychansk-bakhmut",
  origin: lysychansk,
  destination: bakhmut,
  previous: null,
  sourceKind: "official_channel",
  kind: "update",
};

describe("a status alert says how sure it is", () => {
  it("names the kind of source (never the source) and a re-confirmation, in each info block's language", () => {
    const xml = capAlertXml(statusChangeAlert({ ...summerEvent, kind: "confirm", sourceKind: "ngo_field_report" }, ctx));
    expect(xml).toContain("Source: NGO field report · re-confirmed unchanged.");
    expect(xml).toContain("Джерело: ");
    expect(capAlertXml(statusChangeAlert({ ...summerEvent, sourceKind: null }, ctx))).toContain("No source named.");
  });
});

const infoBlocks = (xml: string) => [...xml.matchAll(/<info>[\s\S]*?<\/info>/g)].map((m) => m[0]);
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);

describe("toPlaceIso", () => {
  it("writes the Kyiv offset of the date, never Z", () => {
    expect(toPlaceIso(new Date("2022-04-18T07:00:00Z"))).toBe("2022-04-18T10:00:00+03:00");
    expect(toPlaceIso(new Date("2022-01-18T08:00:00Z"))).toBe("2022-01-18T10:00:00+02:00");
    expect(toPlaceIso(new Date("2022-01-18T08:00:00Z"), "UTC")).toBe("2022-01-18T08:00:00+00:00");
  });
});

describe("CAP alert for a route status change", () => {
  const xml = capAlertXml(statusChangeAlert(summerEvent, ctx));

  it("is valid CAP 1.2", () => {
    expect(() => validateCap(xml)).not.toThrow();
  });

  it("has one info block per language: uk-UA, ru-RU, en-US, each in its language", () => {
    const blocks = infoBlocks(xml);
    expect(blocks.map((b) => tag(b, "language")[0])).toEqual(["uk-UA", "ru-RU", "en-US"]);
    expect(blocks[0]).toContain("Лисичанськ → Бахмут");
    expect(blocks[1]).toContain("Лисичанск → Бахмут");
    expect(blocks[2]).toContain("Lysychansk → Bakhmut");
    expect(tag(blocks[2]!, "areaDesc")).toEqual(["Lysychansk"]);
    expect(tag(blocks[2]!, "circle")).toEqual(["48.904,38.442 10"]);
  });

  it("words the coded reasons in each block's own language, with the detail where written in it", () => {
    const coded = capAlertXml(
      statusChangeAlert({ ...summerEvent, reasonCodes: ["shelling_or_air_strikes"], reason: { uk: "Обстріл уночі", ru: "", en: "Shelled overnight" } }, ctx),
    );
    expect(() => validateCap(coded)).not.toThrow();
    const [uk, ru, en] = infoBlocks(coded).map((b) => tag(b, "description")[0] ?? "");
    expect(uk).toContain("Обстріли або авіаудари на маршруті. Обстріл уночі");
    // No Russian detail: the coded reason alone, never the Ukrainian or English detail in the Russian block.
    expect(ru).toContain("Обстрелы или авиаудары на маршруте");
    expect(ru).not.toMatch(/Обстріл уночі|Shelled overnight/);
    expect(en).toContain("Shelling or air strikes on the route. Shelled overnight");
  });

  it("gives times with the summer offset, effective at confirmation and expiring with freshness", () => {
    expect(xml).not.toMatch(/\d\dZ</);
    expect(tag(xml, "sent")).toEqual(["2022-04-18T10:02:00+03:00"]);
    expect(new Set(tag(xml, "effective"))).toEqual(new Set(["2022-04-18T10:00:00+03:00"]));
    expect(new Set(tag(xml, "expires"))).toEqual(new Set(["2022-04-18T16:00:00+03:00"]));
  });

  it("maps caution to Evacuate + Monitor, closed to Avoid, open to Evacuate, unknown to Monitor", () => {
    expect(tag(infoBlocks(xml)[0]!, "responseType")).toEqual(["Evacuate", "Monitor"]);
    for (const [status, expected] of [["closed", ["Avoid"]], ["open", ["Evacuate"]], ["unknown", ["Monitor"]]] as const) {
      const x = capAlertXml(statusChangeAlert({ ...summerEvent, status }, ctx));
      validateCap(x);
      expect(tag(infoBlocks(x)[2]!, "responseType")).toEqual(expected);
    }
  });

  it("the schema check is real: the same alert with a Z time is refused", () => {
    expect(() => validateCap(xml.replace("2022-04-18T10:02:00+03:00", "2022-04-18T07:02:00Z"))).toThrow();
  });

  it("escapes the coordinator's text", () => {
    expect(xml).toContain("&lt;at least seven killed&gt; &amp; more");
  });

  it("is an Alert for a route's first status and an Update referencing the previous one after", () => {
    expect(tag(xml, "msgType")).toEqual(["Alert"]);
    const update = capAlertXml(
      statusChangeAlert(
        { ...summerEvent, eventId: "0b6c1f1e-3f57-4d8e-a8b5-4e0c6d0d9a02", previous: { id: summerEvent.eventId, recordedAt: summerEvent.recordedAt } },
        ctx,
      ),
    );
    validateCap(update);
    expect(tag(update, "msgType")).toEqual(["Update"]);
    expect(tag(update, "references")).toEqual([`alerts@corridor.example.org,route-status-${summerEvent.eventId},2022-04-18T10:02:00+03:00`]);
  });

  it("uses the winter offset in winter", () => {
    const winter = capAlertXml(
      statusChangeAlert({ ...summerEvent, confirmedAt: new Date("2022-01-18T08:00:00Z"), recordedAt: new Date("2022-01-18T08:00:00Z") }, ctx),
    );
    validateCap(winter);
    expect(tag(winter, "sent")).toEqual(["2022-01-18T10:00:00+02:00"]);
    expect(new Set(tag(winter, "expires"))).toEqual(new Set(["2022-01-18T16:00:00+02:00"]));
  });

  it("refuses a sender with a space or comma", () => {
    expect(() => capAlertXml(statusChangeAlert(summerEvent, { ...ctx, sender: "Corridor, Luhansk" }))).toThrow(/sender/);
  });
});

describe("CAP alert for a corridor window", () => {
  // Created proposed at version 1 (never public), agreed at version 2: that is the first alert.
  const AGREED_AT = new Date("2022-04-19T18:30:00Z");
  const agreed: CorridorMessage = { version: 2, msgType: "Alert", sentAt: AGREED_AT };
  const input = {
    agreementId: "5d2b8a8c-9d0e-4a55-9f6e-0a3c6b1f2e10",
    title: inLanguage("en", "Mariupol humanitarian corridor"),
    windowStart: new Date("2022-04-20T11:00:00Z"),
    windowEnd: new Date("2022-04-20T17:00:00Z"),
    version: 2,
    updatedAt: AGREED_AT,
    published: [agreed],
    routes: [{ slug: "lysychansk-bakhmut", origin: lysychansk, destination: bakhmut }],
  };
  const xml = capAlertXml(corridorWindowAlert(input, ctx));
  const id = input.agreementId;

  it("is valid CAP 1.2 with three languages, Prepare (never Evacuate), onset at the window start and expiry at its end", () => {
    validateCap(xml);
    const blocks = infoBlocks(xml);
    expect(blocks.map((b) => tag(b, "language")[0])).toEqual(["uk-UA", "ru-RU", "en-US"]);
    expect(blocks.every((b) => tag(b, "responseType").join() === "Prepare")).toBe(true);
    expect(new Set(tag(xml, "onset"))).toEqual(new Set(["2022-04-20T14:00:00+03:00"]));
    expect(new Set(tag(xml, "expires"))).toEqual(new Set(["2022-04-20T20:00:00+03:00"]));
    expect(tag(xml, "sent")).toEqual(["2022-04-19T21:30:00+03:00"]);
    expect(blocks[0]).toContain("Гуманітарний коридор");
    expect(blocks[1]).toContain("Гуманитарный коридор");
  });

  it("the first alert residents see is an Alert, even though the agreement was created at version 1", () => {
    expect(tag(xml, "msgType")).toEqual(["Alert"]);
    expect(tag(xml, "identifier")).toEqual([`corridor-window-${id}-v2`]);
    expect(tag(xml, "references")).toEqual([]);
    expect(tag(xml, "sender")).toEqual(["alerts@corridor.example.org"]);
  });

  it("an edit while agreed is an Update referencing only the published alert", () => {
    const edited = { version: 3, msgType: "Update" as const, sentAt: new Date("2022-04-20T06:00:00Z") };
    const v3 = capAlertXml(corridorWindowAlert({ ...input, version: 3, updatedAt: edited.sentAt, published: [agreed, edited] }, ctx));
    validateCap(v3);
    expect(tag(v3, "msgType")).toEqual(["Update"]);
    expect(tag(v3, "identifier")).toEqual([`corridor-window-${id}-v3`]);
    expect(tag(v3, "sent")).toEqual(["2022-04-20T09:00:00+03:00"]);
    expect(tag(v3, "references")).toEqual([`alerts@corridor.example.org,corridor-window-${id}-v2,2022-04-19T21:30:00+03:00`]);
    expect(tag(v3, "references")[0]).not.toContain("-v1,");
  });

  const edited: CorridorMessage = { version: 3, msgType: "Update", sentAt: new Date("2022-04-20T06:00:00Z") };
  const cancel: CorridorMessage = { version: 4, msgType: "Cancel", sentAt: new Date("2022-04-20T12:15:00Z") };
  const withdrawn = { agreementId: id, windowStart: input.windowStart, windowEnd: input.windowEnd, published: [agreed, edited, cancel], routes: input.routes };

  it("a withdrawn window gets a valid Cancel referencing every alert it cancels", () => {
    const x = capAlertXml(corridorCancelAlert(withdrawn, ctx));
    validateCap(x);
    expect(tag(x, "msgType")).toEqual(["Cancel"]);
    expect(tag(x, "identifier")).toEqual([`corridor-window-${id}-v4`]);
    expect(tag(x, "sent")).toEqual(["2022-04-20T15:15:00+03:00"]);
    expect(tag(x, "references")).toEqual([
      `alerts@corridor.example.org,corridor-window-${id}-v2,2022-04-19T21:30:00+03:00 alerts@corridor.example.org,corridor-window-${id}-v3,2022-04-20T09:00:00+03:00`,
    ]);
    const blocks = infoBlocks(x);
    expect(blocks.map((b) => tag(b, "language")[0])).toEqual(["uk-UA", "ru-RU", "en-US"]);
    expect(blocks.every((b) => tag(b, "responseType").join() === "Monitor")).toBe(true);
    expect(tag(blocks[2]!, "headline")[0]).toMatch(/withdrawn/);
    // The window's times and the area of the alerts it cancels; never the agreement's title.
    expect(x).not.toContain("Mariupol");
    expect(new Set(tag(x, "expires"))).toEqual(new Set(["2022-04-20T20:00:00+03:00"]));
  });

  it("a Cancel names the same area as the alerts it cancels, in each language, one per origin town", () => {
    const areas = (doc: string) => infoBlocks(doc).map((b) => [tag(b, "areaDesc"), tag(b, "circle")]);
    const x = capAlertXml(corridorCancelAlert(withdrawn, ctx));
    expect(areas(x)).toEqual(areas(xml));
    expect(tag(infoBlocks(x)[2]!, "areaDesc")).toEqual(["Lysychansk"]);
    // Two routes from one town: one area.
    const twice = capAlertXml(corridorCancelAlert({ ...withdrawn, routes: [...input.routes, { slug: "lysychansk-kharkiv", origin: lysychansk }] }, ctx));
    validateCap(twice);
    expect(tag(infoBlocks(twice)[2]!, "areaDesc")).toEqual(["Lysychansk"]);
    // A corridor covering no route: no area, still valid.
    const none = capAlertXml(corridorCancelAlert({ ...withdrawn, routes: [] }, ctx));
    validateCap(none);
    expect(none).not.toContain("<area>");
  });

  it("each message has an address of its own, named like its identifier", () => {
    expect(capMessageFile(id, 4)).toBe(`${id}-v4.xml`);
    expect(`corridor-window-${capMessageFile(id, 4).replace(/\.xml$/, "")}`).toBe(tag(capAlertXml(corridorCancelAlert(withdrawn, ctx)), "identifier")[0]);
  });

  it("a Cancel after the window ended has no expiry before its own sending", () => {
    const late = { ...withdrawn, published: [agreed, { ...cancel, sentAt: new Date("2022-04-21T08:00:00Z") }] };
    const x = capAlertXml(corridorCancelAlert(late, ctx));
    validateCap(x);
    expect(tag(x, "expires")).toEqual([]);
  });

  it("agreed again after a Cancel is a new Alert", () => {
    const again: CorridorMessage = { version: 5, msgType: "Alert", sentAt: new Date("2022-04-20T13:00:00Z") };
    const x = capAlertXml(corridorWindowAlert({ ...input, version: 5, published: [agreed, edited, cancel, again] }, ctx));
    validateCap(x);
    expect(tag(x, "msgType")).toEqual(["Alert"]);
    expect(tag(x, "references")).toEqual([]);
    const update: CorridorMessage = { version: 6, msgType: "Update", sentAt: new Date("2022-04-20T14:00:00Z") };
    expect(corridorMessageChain([agreed, edited, cancel, again, update])?.references.map((m) => m.version)).toEqual([5]);
  });

  it("refuses to write a Cancel nobody published", () => {
    expect(() => corridorCancelAlert({ ...withdrawn, published: [agreed] }, ctx)).toThrow(/No published Cancel/);
  });

  it("the schema check is real for a Cancel too: an unknown msgType or a Z time is refused", () => {
    const x = capAlertXml(corridorCancelAlert(withdrawn, ctx));
    expect(() => validateCap(x.replace("<msgType>Cancel</msgType>", "<msgType>Withdraw</msgType>"))).toThrow();
    expect(() => validateCap(x.replace("2022-04-20T15:15:00+03:00", "2022-04-20T12:15:00Z"))).toThrow();
  });
});
