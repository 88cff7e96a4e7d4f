import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { HxlColumn } from "./columns";
import { csvRecords, hxlCsvBody, hxlCsvHead, hxlCsvRows, UTF8_BOM } from "./csv";
import { incidentColumns, incidentFeature, type IncidentExportRow } from "./incidents";
import { routeStatusColumns, type RouteStatusExportRow } from "./routes";
import { geoJsonBody, pagedStream } from "./stream";
import { inLanguage } from "@/lib/localized-text";

/** `#tag` then any number of `+attribute`s: lowercase letters, digits and underscores (HXL 1.1). */
const HXL_HASHTAG = /^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/;

// 18 April 2022 10:00 in Kyiv (summer time, +03:00) and 18 January 2022 10:00 (winter, +02:00).
const SUMMER = new Date("2022-04-18T07:00:00Z");
const WINTER = new Date("2022-01-18T08:00:00Z");

const incident = (over: Partial<IncidentExportRow> = {}): IncidentExportRow => ({
  id: "3f1f4e3a-0000-4000-8000-000000000001",
  category: "attack_on_civilians_in_transit",
  occurredAt: SUMMER,
  occurredPrecision: "day",
  reportedAt: SUMMER,
  updatedAt: WINTER,
  town: { slug: "kreminna", nameEn: "Kreminna", nameUk: "Кремінна", nameRu: "Кременная", pcode: null },
  oblast: { nameEn: "Luhansk", nameUk: "Луганська", pcode: "UA44" },
  position: { lat: 49.04, lon: 38.19, basis: "rounded" },
  killed: 4,
  injured: null,
  missing: 0,
  verification: "corroborated",
  visibility: "public",
  publicSummary: inLanguage("en", "Four civilians were shot dead, according to officials."),
  sources: [
    { kind: "wire_agency", outlet: "Reuters", url: "https://example.org/reuters", publishedAt: SUMMER },
    { kind: "eyewitness", outlet: null, url: null, publishedAt: null },
    { kind: "local_media", outlet: "Kyiv Independent", url: "https://example.org/ki", publishedAt: null },
  ],
  internal: null,
  ...over,
});

const INTERNAL = { description: "Witness Olena K. saw it", geoPrecision: "near" as const, reportingOrganisation: "Example NGO" };

const route = (over: Partial<RouteStatusExportRow> = {}): RouteStatusExportRow => ({
  id: "3f1f4e3a-0000-4000-8000-000000000002",
  routeSlug: "kreminna-sloviansk",
  mode: "bus",
  organisation: "",
  origin: { nameEn: "Kreminna", nameUk: "Кремінна", oblastEn: "Luhansk", oblastPcode: "UA44" },
  destination: { nameEn: "Sloviansk", nameUk: "Слов'янськ", oblastEn: "Donetsk", oblastPcode: "UA14" },
  kind: "update",
  status: "closed",
  reasonCodes: ["civilians_fired_on"],
  reason: inLanguage("en", "Four civilians shot fleeing by car."),
  confirmedAt: WINTER,
  recordedAt: WINTER,
  source: null,
  internal: null,
  ...over,
});

/** Parses an export back the way a partner's tool would. */
const read = (text: string): string[][] => parse(text, { bom: true, relax_column_count: false });

function rowAsObject<Row>(columns: readonly HxlColumn<Row>[], row: Row): Record<string, string> {
  const [, tags, values] = read(hxlCsvHead(columns) + hxlCsvRows(columns, [row]));
  return Object.fromEntries(tags!.map((tag, i) => [tag, values![i]!]));
}

describe("HXL columns", () => {
  it("every column has a header and a well-formed, unique hashtag, in both scopes", () => {
    for (const columns of [incidentColumns("partner"), incidentColumns("internal"), routeStatusColumns("partner"), routeStatusColumns("internal")]) {
      for (const c of columns) {
        expect(c.header.trim()).not.toBe("");
        expect(c.hashtag).toMatch(HXL_HASHTAG);
      }
      expect(new Set(columns.map((c) => c.hashtag)).size).toBe(columns.length);
    }
  });

  it("incidents carry the hashtags of the domain convention", () => {
    const tags = incidentColumns("partner").map((c) => c.hashtag);
    for (const tag of [
      "#event+id",
      "#date+occurred",
      "#date+reported",
      "#event+type+code",
      "#loc+name",
      "#adm1+name",
      "#geo+lat",
      "#geo+lon",
      "#affected+killed",
      "#affected+injured",
      "#affected+missing",
      "#status+verification",
      "#access",
      "#meta+source",
      "#meta+url",
      "#date+updated",
      "#description+i_uk",
      "#description+i_ru",
      "#description+i_en",
    ]) {
      expect(tags).toContain(tag);
    }
  });

  it("the partner scope has no column for internal fields; the internal scope adds them", () => {
    const partner = incidentColumns("partner").map((c) => c.hashtag);
    expect(partner).not.toContain("#description+internal");
    expect(partner).not.toContain("#org+reporting");
    expect(partner).not.toContain("#geo+accuracy");
    const internal = incidentColumns("internal").map((c) => c.hashtag);
    expect(internal).toEqual(expect.arrayContaining(["#description+internal", "#org+reporting", "#geo+accuracy"]));
    expect(routeStatusColumns("partner").map((c) => c.hashtag)).not.toContain("#org+reporting");
    expect(routeStatusColumns("internal").map((c) => c.hashtag)).toContain("#org+reporting");
  });

  it("writes the header row, then the hashtag row, then one record per row", () => {
    const columns = incidentColumns("partner");
    const rows = read(hxlCsvHead(columns) + hxlCsvRows(columns, [incident(), incident({ id: "x" })]));
    expect(rows).toHaveLength(4);
    expect(rows[0]![0]).toBe("Incident ID");
    expect(rows[1]).toEqual(columns.map((c) => c.hashtag));
    expect(rows[3]![0]).toBe("x");
  });

  it("writes times in ISO 8601 with Kyiv's offset of that date, never Z", () => {
    const row = rowAsObject(incidentColumns("partner"), incident());
    expect(row["#date+occurred"]).toBe("2022-04-18T10:00:00+03:00");
    expect(row["#date+updated"]).toBe("2022-01-18T10:00:00+02:00");
    expect(rowAsObject(routeStatusColumns("partner"), route())["#date+confirmed"]).toBe("2022-01-18T10:00:00+02:00");
  });

  it("leaves unknown casualties EMPTY and keeps a known zero", () => {
    const row = rowAsObject(incidentColumns("partner"), incident());
    expect(row["#affected+killed"]).toBe("4");
    expect(row["#affected+injured"]).toBe("");
    expect(row["#affected+missing"]).toBe("0");
  });

  it("lists sources in one cell each, URLs aligned with outlets, a withheld eyewitness left empty", () => {
    const row = rowAsObject(incidentColumns("partner"), incident());
    expect(row["#meta+source"]).toBe("Reuters |  | Kyiv Independent");
    expect(row["#meta+url"]).toBe("https://example.org/reuters |  | https://example.org/ki");
    expect(row["#meta+source+type"]).toBe("wire_agency | eyewitness | local_media");
    expect(rowAsObject(incidentColumns("partner"), incident({ sources: [] }))["#meta+source"]).toBe("");
  });

  it("keeps Cyrillic, quotes, commas and line breaks intact", () => {
    const summary = 'Обстріл "Лисичанська", 7 загиблих;\nretracted later';
    const row = rowAsObject(incidentColumns("partner"), incident({ publicSummary: inLanguage("uk", summary) }));
    expect(row["#description+i_uk"]).toBe(summary);
    expect(row["#description+i_en"]).toBe("");
    expect(row["#loc+name+i_uk"]).toBe("Кремінна");
  });

  it("the internal scope fills the internal columns", () => {
    const row = rowAsObject(incidentColumns("internal"), incident({ internal: INTERNAL, position: { lat: 49.041234, lon: 38.190001, basis: "exact" } }));
    expect(row["#description+internal"]).toBe(INTERNAL.description);
    expect(row["#org+reporting"]).toBe("Example NGO");
    expect(row["#geo+lat"]).toBe("49.041234");
    expect(row["#geo+precision"]).toBe("exact");
  });
});

describe("CSV injection", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"],
    ["+380 50 000 0000", "'+380 50 000 0000"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["＝1+1", "'＝1+1"],
  ])("neutralises a text cell starting %j", (value, expected) => {
    const [[cell]] = read(csvRecords([[value]])) as [[string]];
    expect(cell).toBe(expected);
  });

  it("neutralises formulas in every text column, not only the summary", () => {
    const row = rowAsObject(
      incidentColumns("partner"),
      incident({ sources: [{ kind: "other", outlet: "=cmd|' /C calc'!A0", url: "@evil", publishedAt: null }] }),
    );
    expect(row["#meta+source"]).toBe("'=cmd|' /C calc'!A0");
    expect(row["#meta+url"]).toBe("'@evil");
  });

  it("leaves numbers as numbers: a negative longitude is not a formula", () => {
    const row = rowAsObject(incidentColumns("partner"), incident({ position: { lat: -33.5, lon: -70.25, basis: "rounded" } }));
    expect(row["#geo+lat"]).toBe("-33.5");
    expect(row["#geo+lon"]).toBe("-70.25");
  });

  it("quotes a lone line feed or carriage return inside a cell", () => {
    expect(read(csvRecords([["one\ntwo", "three\rfour", "x"]]))).toEqual([["one\ntwo", "three\rfour", "x"]]);
  });

  it("leaves harmless text alone", () => {
    expect(read(csvRecords([["Shelling near the road", "#hashtag", "a=b"]]))[0]).toEqual(["Shelling near the road", "#hashtag", "a=b"]);
  });
});

describe("encoding", () => {
  it("starts with a UTF-8 BOM (Excel reads Cyrillic), ends records with CRLF", () => {
    const head = hxlCsvHead(incidentColumns("partner"));
    expect(head.startsWith(UTF8_BOM)).toBe(true);
    expect(head.endsWith("\r\n")).toBe(true);
    expect(head.split("\r\n")).toHaveLength(3);
  });
});

describe("GeoJSON features", () => {
  it("are RFC 7946 Points in [longitude, latitude] order with the position's basis", () => {
    const f = incidentFeature(incident());
    expect(f.geometry).toEqual({ type: "Point", coordinates: [38.19, 49.04] });
    expect(f.properties.position).toBe("rounded");
    expect(f.properties.killed).toBe(4);
    expect(f.properties.injured).toBeNull();
    expect(f.properties.occurredAt).toBe("2022-04-18T10:00:00+03:00");
    expect(f.properties).not.toHaveProperty("internalDescription");
  });

  it("carry internal fields only for internal rows", () => {
    expect(incidentFeature(incident({ internal: INTERNAL })).properties).toMatchObject({ internalDescription: INTERNAL.description, geoPrecision: "near" });
  });

  it("have a null geometry when there is no position", () => {
    expect(incidentFeature(incident({ position: null, town: null })).geometry).toBeNull();
  });
});

async function* pagesOf<T>(pages: T[][], log: string[] = []): AsyncGenerator<T[]> {
  try {
    for (const [i, page] of pages.entries()) {
      log.push(`page ${i}`);
      yield page;
    }
  } finally {
    log.push("closed");
  }
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("paged streams", () => {
  it("write head, every page and tail, skipping empty pages", async () => {
    const columns = incidentColumns("partner");
    const csv = await text(pagedStream(pagesOf([[incident({ id: "a" })], [], [incident({ id: "b" }), incident({ id: "c" })]]), hxlCsvBody(columns)));
    expect(read(csv).map((r) => r[0])).toEqual(["Incident ID", "#event+id", "a", "b", "c"]);
  });

  it("make a valid FeatureCollection across pages, and when empty", async () => {
    const body = geoJsonBody(incidentFeature);
    const json = JSON.parse(await text(pagedStream(pagesOf([[incident({ id: "a" })], [incident({ id: "b" }), incident({ id: "c" })]]), body)));
    expect(json.type).toBe("FeatureCollection");
    expect(json).not.toHaveProperty("crs");
    expect(json.features.map((f: { id: string }) => f.id)).toEqual(["a", "b", "c"]);
    expect(JSON.parse(await text(pagedStream(pagesOf<IncidentExportRow>([]), body)))).toEqual({ type: "FeatureCollection", features: [] });
  });

  it("read a page only when the reader wants more, and stop the pages when cancelled", async () => {
    const log: string[] = [];
    const stream = pagedStream(pagesOf([[incident()], [incident()], [incident()], [incident()]], log), hxlCsvBody(incidentColumns("partner")));
    const reader = stream.getReader();
    await reader.read(); // the header rows
    await reader.read(); // page 0
    await new Promise((r) => setTimeout(r, 10));
    // At most one page is fetched ahead of the reader.
    expect(log.filter((l) => l.startsWith("page")).length).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(log).toContain("closed");
    expect(log).not.toContain("page 3");
  });

  it("end with an error, not a short file passed off as complete, when a page fails", async () => {
    async function* failing(): AsyncGenerator<IncidentExportRow[]> {
      yield [incident()];
      throw new Error("database went away");
    }
    await expect(text(pagedStream(failing(), hxlCsvBody(incidentColumns("partner"))))).rejects.toThrow();
  });
});
