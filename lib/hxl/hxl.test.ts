import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { HxlColumn } from "./columns";
import { csvRecords, hxlCsvBody, hxlCsvHead, hxlCsvRows, UTF8_BOM } from "./csv";
import { incidentColumns, incidentFeature, type IncidentExportRow } from "./incidents";
import { routeStatusColumns, type RouteStatusExportRow } from "./routes";
import { RECEPTION_POINT_COLUMNS } from "./reception-points";
import { receptionReport } from "@/lib/reception-report";
import { geoJsonBody, pagedStream } from "./stream";
import { inLanguage } from "@/lib/localized-text";
import coreSchema from "@/standards/hxl/core-schema.json";
import { CUSTOM_ATTRIBUTES } from "./vocabulary";

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
  town: { slug: "kreminna", nameEn: "Kreminna", nameUk: "Кремінна", nameRu: "Кременная", pcode: "UA44080130010" },
  oblast: { nameEn: "Luhansk", nameUk: "Луганська", pcode: "UA44" },
  position: { lat: 49.04, lon: 38.19, basis: "rounded" },
  geoPrecision: "near",
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

const INTERNAL = { description: "Witness Olena K. saw it", reportingOrganisation: "Example NGO" };

const route = (over: Partial<RouteStatusExportRow> = {}): RouteStatusExportRow => ({
  id: "3f1f4e3a-0000-4000-8000-000000000002",
  routeSlug: "kreminna-sloviansk",
  mode: "bus",
  organisation: "",
  origin: { nameEn: "Kreminna", nameUk: "Кремінна", pcode: null, oblastEn: "Luhansk", oblastPcode: "UA44", hromadaEn: "Kreminna hromada", hromadaPcode: "UA4402011" },
  destination: { nameEn: "Sloviansk", nameUk: "Слов'янськ", pcode: null, oblastEn: "Donetsk", oblastPcode: "UA14", hromadaEn: null, hromadaPcode: null },
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
      "#affected+x_missing",
      "#loc+code",
      "#adm1+code",
      "#country+code",
      "#geo+x_precision",
      "#meta+x_time_precision",
      "#status+x_verification",
      "#meta+x_visibility",
      "#meta+source",
      "#meta+url",
      "#date+x_updated",
      "#description+i_uk",
      "#description+i_ru",
      "#description+i_en",
    ]) {
      expect(tags).toContain(tag);
    }
  });

  it("the partner scope has no column for internal fields; the internal scope adds them", () => {
    const partner = incidentColumns("partner").map((c) => c.hashtag);
    expect(partner).not.toContain("#description+x_internal");
    expect(partner).not.toContain("#org+name+x_reporting");
    const internal = incidentColumns("internal").map((c) => c.hashtag);
    expect(internal).toEqual(expect.arrayContaining(["#description+x_internal", "#org+name+x_reporting"]));
    expect(routeStatusColumns("partner").map((c) => c.hashtag)).not.toContain("#org+name+x_confirming");
    expect(routeStatusColumns("internal").map((c) => c.hashtag)).toContain("#org+name+x_confirming");
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
    expect(row["#date+x_updated"]).toBe("2022-01-18T10:00:00+02:00");
    expect(rowAsObject(routeStatusColumns("partner"), route())["#date+x_confirmed"]).toBe("2022-01-18T10:00:00+02:00");
  });

  it("leaves unknown casualties EMPTY and keeps a known zero", () => {
    const row = rowAsObject(incidentColumns("partner"), incident());
    expect(row["#affected+killed"]).toBe("4");
    expect(row["#affected+injured"]).toBe("");
    expect(row["#affected+x_missing"]).toBe("0");
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
    expect(row["#description+x_internal"]).toBe(INTERNAL.description);
    expect(row["#org+name+x_reporting"]).toBe("Example NGO");
    expect(row["#geo+lat"]).toBe("49.041234");
    expect(row["#geo+x_basis"]).toBe("exact");
  });
});

type CoreEntry = { status: string; release: string };
const CORE_HASHTAGS = new Set(Object.entries(coreSchema.hashtags as Record<string, CoreEntry>).filter(([, e]) => e.status === "Released").map(([t]) => t));
const CORE_ATTRIBUTES = new Set(Object.entries(coreSchema.attributes as Record<string, CoreEntry>).filter(([, e]) => e.status === "Released").map(([a]) => a));
/** HXL 1.1 language attributes: +i_ and an ISO 639 code. */
const LANGUAGE_ATTRIBUTE = /^\+i_[a-z]{2,3}$/;

/** What is wrong with a hashtag spec against the HXL core list, or nothing. */
function offCore(spec: string): string[] {
  const [hashtag, ...attributes] = spec.replace(/\s+/g, "").split("+").map((part, i) => (i === 0 ? part : `+${part}`));
  const problems = CORE_HASHTAGS.has(hashtag!) ? [] : [`${hashtag} is not a core hashtag`];
  for (const a of attributes) {
    if (CORE_ATTRIBUTES.has(a) || LANGUAGE_ATTRIBUTE.test(a)) continue;
    if (a.startsWith("+x_")) {
      if (!(a.slice(1) in CUSTOM_ATTRIBUTES)) problems.push(`${a} is a custom attribute nobody documented in lib/hxl/vocabulary.ts`);
      continue;
    }
    problems.push(`${a} (in ${spec}) is not a core attribute`);
  }
  return problems;
}

describe("HXL core vocabulary (standards/hxl/core-schema.json)", () => {
  const all = [incidentColumns("internal"), routeStatusColumns("internal"), RECEPTION_POINT_COLUMNS].flatMap((columns) => columns.map((c) => c.hashtag));

  it("every hashtag and attribute used is core, a language, or a documented custom one", () => {
    expect(all.flatMap(offCore)).toEqual([]);
  });

  it("the check is real: the old tags fail it", () => {
    expect(offCore("#access")).toEqual([]);
    expect(offCore("#loc+name+destination")).toEqual(["+destination (in #loc+name+destination) is not a core attribute"]);
    expect(offCore("#geo+precision")).toHaveLength(1);
    expect(offCore("#date+updated")).toHaveLength(1);
    expect(offCore("#x_risk")).toEqual(["#x_risk is not a core hashtag"]);
    expect(offCore("#geo+x_undocumented")).toHaveLength(1);
    expect(offCore("#description+uk")).toHaveLength(1); // deprecated bare language code
  });

  it("every documented custom attribute is used (the list says what the files hold)", () => {
    const used = new Set(all.flatMap((spec) => spec.split("+").slice(1)));
    expect(Object.keys(CUSTOM_ATTRIBUTES).filter((a) => !used.has(a))).toEqual([]);
  });

  it("the vendored list is the HXL core schema, with its source", () => {
    expect(coreSchema.source.join(" ")).toContain("hxl-core-schemas");
    for (const tag of ["#adm1", "#adm2", "#country", "#loc", "#geo", "#group", "#event", "#meta", "#status", "#date", "#affected", "#cause"]) expect(CORE_HASHTAGS).toContain(tag);
    for (const attribute of ["+code", "+name", "+dest", "+origin", "+lat", "+lon", "+killed", "+injured", "+occurred", "+reported"]) expect(CORE_ATTRIBUTES).toContain(attribute);
    expect(CORE_ATTRIBUTES).not.toContain("+destination");
  });
});

describe("HXL values partners join on", () => {
  it("fills #loc+code from the town's P-code and #country+code from the oblast's", () => {
    const row = rowAsObject(incidentColumns("partner"), incident());
    expect(row["#loc+code"]).toBe("UA44080130010");
    expect(row["#adm1+code"]).toBe("UA44");
    expect(row["#country+code"]).toBe("UKR");
    const unknown = rowAsObject(incidentColumns("partner"), incident({ town: null, oblast: null }));
    expect([unknown["#loc+code"], unknown["#adm1+code"], unknown["#country+code"]]).toEqual(["", "", ""]);
    // The hromada's P-code (admin level 3) when the town has one.
    expect(rowAsObject(incidentColumns("partner"), incident({ hromada: { nameEn: "Kreminna hromada", pcode: "UA4402011" } }))["#adm3+code"]).toBe("UA4402011");
    expect(unknown["#adm3+code"]).toBe("");
  });

  it("names each route end's hromada P-code, empty where the town has none", () => {
    const row = rowAsObject(routeStatusColumns("partner"), route());
    expect([row["#adm3+code+origin"], row["#adm3+name+origin"], row["#adm3+code+dest"]]).toEqual(["UA4402011", "Kreminna hromada", ""]);
  });

  it("gives ACLED's precision codes: place 1, near 2, region 3; day 1, week 2, month 3", () => {
    const code = (over: Partial<IncidentExportRow>) => {
      const row = rowAsObject(incidentColumns("partner"), incident(over));
      return [row["#geo+x_precision"], row["#meta+x_time_precision"]];
    };
    expect(code({ geoPrecision: "place", occurredPrecision: "day" })).toEqual(["1", "1"]);
    expect(code({ geoPrecision: "near", occurredPrecision: "week" })).toEqual(["2", "2"]);
    expect(code({ geoPrecision: "region", occurredPrecision: "month" })).toEqual(["3", "3"]);
  });

  it("routes name their ends with +origin and +dest and the country of each", () => {
    const row = rowAsObject(routeStatusColumns("partner"), route());
    expect(row["#loc+name+dest"]).toBe("Sloviansk");
    expect(row["#adm1+code+dest"]).toBe("UA14");
    expect(row["#country+code+origin"]).toBe("UKR");
    expect(row["#status+code"]).toBe("closed");
    expect(row["#cause+code"]).toBe("civilians_fired_on");
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
    expect(incidentFeature(incident({ internal: INTERNAL })).properties).toMatchObject({ internalDescription: INTERNAL.description, reportingOrganisation: "Example NGO" });
    expect(incidentFeature(incident()).properties).not.toHaveProperty("reportingOrganisation");
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
    expect(json.numberReturned).toBe(3);
    expect(JSON.parse(await text(pagedStream(pagesOf<IncidentExportRow>([]), body)))).toEqual({ type: "FeatureCollection", features: [], numberReturned: 0 });
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

  it("end with an error when the rows differ from the count the response stated, and normally when they match", async () => {
    const pages = () => pagesOf([[incident({ id: "a" })], [incident({ id: "b" }), incident({ id: "c" })]]);
    const body = hxlCsvBody(incidentColumns("partner"));
    expect(read(await text(pagedStream(pages(), body, { expectedRows: 3 }))).map((r) => r[0])).toEqual(["Incident ID", "#event+id", "a", "b", "c"]);
    await expect(text(pagedStream(pages(), body, { expectedRows: 2 }))).rejects.toThrow(/3 rows after stating 2/);
    await expect(text(pagedStream(pages(), body, { expectedRows: 4 }))).rejects.toThrow(/3 rows after stating 4/);
  });

  it("end with an error, not a short file passed off as complete, when a page fails", async () => {
    async function* failing(): AsyncGenerator<IncidentExportRow[]> {
      yield [incident()];
      throw new Error("database went away");
    }
    await expect(text(pagedStream(failing(), hxlCsvBody(incidentColumns("partner"))))).rejects.toThrow();
  });
});

describe("HXL reception points", () => {
  const facts = { status: "open" as const, bedsTotal: 400, bedsAccessible: 20, bedsFree: 120, bedsAccessibleFree: 4, services: ["food", "medical"], confirmedAt: SUMMER, freshnessWindowHours: 3 };
  const row = (now: Date) => ({
    id: "3f1f4e3a-0000-4000-8000-000000000003",
    town: { nameEn: "Zaporizhzhia", nameUk: "Запоріжжя", nameRu: "Запорожье" },
    name: { uk: "Школа", ru: "Школа", en: "School" },
    address: inLanguage("en", "1 Test Street"),
    report: receptionReport(facts, now),
  });

  it("gives the free beds while fresh, and empty cells with 'unconfirmed' once stale", () => {
    const fresh = rowAsObject(RECEPTION_POINT_COLUMNS, row(new Date(SUMMER.getTime() + 40 * 60_000)));
    expect(fresh).toMatchObject({ "#status+code": "open", "#meta+x_fresh": "yes", "#capacity+num+x_free": "120", "#capacity+num": "400", "#service+type": "medical | food" });
    expect(fresh["#date+x_confirmed"]).toBe("2022-04-18T10:00:00+03:00");
    const stale = rowAsObject(RECEPTION_POINT_COLUMNS, row(new Date(SUMMER.getTime() + 3 * 3_600_000 + 1)));
    expect(stale).toMatchObject({ "#status+code": "unconfirmed", "#meta+x_fresh": "no", "#capacity+num+x_free": "", "#capacity+num+x_free+x_accessible": "", "#capacity+num": "400" });
  });
});
