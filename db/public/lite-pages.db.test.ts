import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "@/i18n/routing";
import { renderLiteHome, renderLiteNotFound, renderLiteOblast, renderLiteTown } from "@/server/lite/render";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { listPublicRoutes } from "./routes";
import { liteHomeData, liteOblastData, liteTownData } from "@/server/lite/data";
import { defaultTransportFormValues, renderTransportRequestForm, renderTransportRequestSent, renderTransportWithdrawal } from "@/server/lite/transport-request";
import { MEDICAL_NEEDS } from "@/lib/transport-requests";
import { listSearchableTowns } from "./towns";
import { liteTownInstants } from "@/server/lite/respond";
import { eq } from "drizzle-orm";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { transportRuns } from "../schema/transport-runs";

// The lite pages on the full demo scenario: what they say, and that each stays within 14 KB gzip
// (a cheap phone on 2G gets the whole page in the first few round trips).

const LIMIT = 14 * 1024;
const seededAt = new Date("2026-11-21T15:00:00Z"); // 17:00 in Kyiv (UTC+2)
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: seededAt });
  // Runs out of Lysychansk (the scenario has none): two today, one of them with stretcher places,
  // one tomorrow, one past; every page below carries their counts.
  const [org] = await t.db.select({ id: organisations.id }).from(organisations).limit(1);
  const townId = async (slug: string) => (await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, slug)))[0]!.id;
  const [from, to] = [await townId("lysychansk"), await townId("dnipro")];
  const hour = 3_600_000;
  const at = (hours: number, length = 2) => ({ departsFrom: new Date(seededAt.getTime() + hours * hour), departsUntil: new Date(seededAt.getTime() + (hours + length) * hour) });
  await t.db.insert(transportRuns).values(
    [
      { ...at(1), referenceCode: "R-LITE01", stretcherPlaces: 2 },
      { ...at(3), referenceCode: "R-LITE02" },
      { ...at(18), referenceCode: "R-LITE03" },
      { ...at(-5, 1), referenceCode: "R-LITE04" },
    ].map((r) => ({ ...r, organisationId: org!.id, vehicle: "bus" as const, seats: 20, townId: from, destinationTownId: to })),
  );
});
afterAll(async () => {
  await t?.drop();
});

async function home(now: Date, query = "") {
  const { staleAt: _staleAt, ...data } = await liteHomeData(t.db, { now, query });
  return data;
}

async function pages(now: Date) {
  const routes = await listPublicRoutes(t.db);
  const out: { name: string; body: string }[] = [];
  for (const locale of LOCALES) {
    out.push({ name: `/${locale}/lite`, body: renderLiteHome({ locale, ...(await home(now)) }) });
    out.push({ name: `/${locale}/lite?q=lys`, body: renderLiteHome({ locale, ...(await home(now, "lys")) }) });
    for (const slug of new Set(routes.map((r) => r.originOblast))) {
      out.push({ name: `/${locale}/lite/oblasts/${slug}`, body: renderLiteOblast({ locale, ...(await liteOblastData(t.db, { slug, now }))! }) });
    }
    // The destinations too: their pages carry the reception points.
    for (const slug of new Set([...routes.map((r) => r.origin.slug), "zaporizhzhia", "dnipro"])) {
      const data = await liteTownData(t.db, { slug, now });
      out.push({ name: `/${locale}/lite/towns/${slug}`, body: renderLiteTown({ locale, ...data! }) });
    }
    out.push({ name: `404 ${locale}`, body: renderLiteNotFound(locale) });
    // The form to ask for transport, empty and sent back with a message beside every field and the most town choices (its largest).
    const towns = await listSearchableTowns(t.db);
    const town = towns.find((x) => x.slug === "lysychansk")!;
    out.push({ name: `/${locale}/transport`, body: renderTransportRequestForm({ locale, town, values: defaultTransportFormValues(locale, "lysychansk"), errors: {} }) });
    out.push({ name: `/${locale}/transport (no town)`, body: renderTransportRequestForm({ locale, town: null, values: defaultTransportFormValues(locale, null), errors: {} }) });
    const everyError = Object.fromEntries(["town", "requesterKind", "peopleCount", "childrenCount", "mobility", "pets", "medicalNeeds", "medicalNote", "name", "address", "lat", "lon", "phone", "telegram", "language", "consent"].map((f) => [f, { code: "tooLong", values: { max: 500 } }]));
    const typed = { ...defaultTransportFormValues(locale, "lysychansk"), address: "а".repeat(500), medicalNote: "б".repeat(300), name: "в".repeat(200), medicalNeeds: [...MEDICAL_NEEDS] };
    out.push({ name: `/${locale}/transport (every field wrong)`, body: renderTransportRequestForm({ locale, town: null, townChoices: towns.slice(0, 8), values: { ...typed, townName: "г".repeat(60) }, errors: everyError, formError: null }) });
    out.push({ name: `/${locale}/transport (sent)`, body: renderTransportRequestSent({ locale, referenceCode: "K7M4-QX2D", townSlug: "lysychansk" }) });
    out.push({ name: `/${locale}/transport/withdraw`, body: renderTransportWithdrawal({ locale, code: "" }) });
  }
  return out;
}

describe("lite pages on the demo scenario", () => {
  it("every page is at most 14 KB gzip and carries no script, image or font", async () => {
    const all = await pages(new Date(seededAt.getTime() + 5 * 60_000));
    expect(all.length).toBeGreaterThan(10);
    for (const { name, body } of all) {
      const size = gzipSync(Buffer.from(body, "utf8")).length;
      expect(size, `${name} is ${size} bytes gzip`).toBeLessThanOrEqual(LIMIT);
      expect(body).not.toMatch(/<script|<img|<link|@font-face|url\(/i);
    }
    const home = all.find((p) => p.name === "/en/lite")!.body;
    const form = all.find((p) => p.name === "/uk/transport (every field wrong)")!.body;
    console.info(`/uk/transport with every field wrong: ${Buffer.byteLength(form)} bytes, ${gzipSync(form).length} bytes gzip`);
    console.info(`/en/lite: ${Buffer.byteLength(home)} bytes, ${gzipSync(home).length} bytes gzip`);
    if (process.env.SHOW_LITE) console.info(home);
  });

  it("the home asks for the town first, then lists oblasts with counts in words, then warnings; never every town", async () => {
    const now = new Date(seededAt.getTime() + 5 * 60_000);
    const body = renderLiteHome({ locale: "en", ...(await home(now)) });
    const search = body.indexOf('<form method="get" action="/en/lite" role="search">');
    expect(search).toBeGreaterThan(0);
    expect(body.indexOf('<label for="q"><b>Your town</b></label>')).toBeGreaterThan(search);
    expect(body.indexOf('href="/en/lite/oblasts/luhansk"')).toBeGreaterThan(search);
    // Luhansk oblast has a warning in force in the scenario: its count stands beside its routes'.
    expect(body).toMatch(/>Luhansk oblast<\/a><br><span class="m">\d+ towns? with routes · \d+ routes? · \d+ warnings?\. Routes now: [A-Z]/);
    expect(body).not.toContain('href="/en/lite/towns/');
    expect(body).not.toContain("data-route=");
    expect(body.indexOf("There are no safe places left in the region.")).toBeGreaterThan(body.indexOf('href="/en/lite/oblasts/luhansk"'));
    expect(body).toContain("As of 21 Nov 2026, 17:05 (UTC+02:00), Kyiv time.");
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('href="/uk/lite" lang="uk"');
    expect(body).toContain('id="offline-banner-template" hidden data-template="Saved copy from {time}, shown offline. Nothing on it is confirmed now: every status and time is as it was then." data-stale="As saved {time}: not confirmed since."');
    // A search answers with the towns it may mean, each with its oblast, before the oblasts.
    const found = renderLiteHome({ locale: "uk", ...(await home(now, "Lysychansk")) });
    expect(found).toContain('<a href="/uk/lite/towns/lysychansk">Лисичанськ, Луганська область</a>');
    expect(found.indexOf("/uk/lite/towns/lysychansk")).toBeLessThan(found.indexOf("/uk/lite/oblasts/"));
    expect(renderLiteHome({ locale: "en", ...(await home(now, "Atlantis")) })).toContain('role="status">No town found for “Atlantis”');
  });

  it("an oblast page lists its towns with routes, counted by the status shown now", async () => {
    const fresh = renderLiteOblast({ locale: "en", ...(await liteOblastData(t.db, { slug: "luhansk", now: new Date(seededAt.getTime() + 5 * 60_000) }))! });
    expect(fresh).toContain('<a href="/en/lite/towns/lysychansk">Lysychansk</a>');
    expect(fresh).toContain('href="/en/lite"');
    expect(fresh).toMatch(/Open: \d/);
    // Past every freshness window nothing is counted open.
    const late = renderLiteOblast({ locale: "en", ...(await liteOblastData(t.db, { slug: "luhansk", now: new Date(seededAt.getTime() + 200 * 3_600_000) }))! });
    expect(late).not.toMatch(/Open: \d/);
    expect(late).toMatch(/Unconfirmed: \d/);
    expect(await liteOblastData(t.db, { slug: "atlantis", now: seededAt })).toBeNull();
  });

  it("a town page: statuses with icons and Kyiv times; past the freshness window 'Unconfirmed since', never 'Open'", async () => {
    const soon = renderLiteTown({ locale: "en", ...(await liteTownData(t.db, { slug: "lysychansk", now: new Date(seededAt.getTime() + 5 * 60_000) }))! });
    expect(soon).toContain("⚠ Caution");
    // Lysychansk → Bakhmut confirmed 12 minutes before seeding, read 5 minutes after: 16:48 Kyiv time.
    expect(soon).toContain("Confirmed 16:48 Kyiv time, 17 minutes ago");
    const late = renderLiteTown({ locale: "en", ...(await liteTownData(t.db, { slug: "hirske", now: new Date(seededAt.getTime() + 7 * 3_600_000) }))! });
    expect(late).not.toContain("✓ Open");
    expect(late).toContain("⏱ Unconfirmed");
    expect(late).toMatch(/Unconfirmed since 16:52 Kyiv time \(7 hours ago\)/); // Hirske → Bakhmut, confirmed 8 min before
  });

  it("a destination's page gives its reception points' free beds only while confirmed recently, in each language", async () => {
    const now = new Date(seededAt.getTime() + 5 * 60_000);
    const page = async (locale: (typeof LOCALES)[number], slug: string, at = now) => renderLiteTown({ locale, ...(await liteTownData(t.db, { slug, now: at }))! });
    // Zaporizhzhia's point was confirmed 40 minutes before seeding: 45 minutes ago now.
    expect(await page("en", "zaporizhzhia")).toContain("120 of 400 beds free, 4 of 20 accessible");
    expect(await page("en", "zaporizhzhia")).toContain("confirmed 45 minutes ago");
    expect(await page("uk", "zaporizhzhia")).toContain("120 з 400 місць вільно, 4 з 20 доступних");
    expect(await page("ru", "zaporizhzhia")).toContain("120 из 400 мест свободно, 4 из 20 доступных");
    // Dnipro's was confirmed four hours before seeding: past its three-hour window, no count of free beds.
    const dnipro = await page("en", "dnipro");
    expect(dnipro).toContain('data-reception-status="unconfirmed"');
    expect(dnipro).toContain("250 beds in all, 30 accessible; free beds not confirmed recently");
    expect(dnipro).not.toMatch(/35 of 250/);
    // Exactly at Zaporizhzhia's window's end it is still fresh; a millisecond later it is not.
    const edge = new Date(seededAt.getTime() + (180 - 40) * 60_000);
    expect(await page("en", "zaporizhzhia", edge)).toContain('data-reception-status="open"');
    const after = await page("en", "zaporizhzhia", new Date(edge.getTime() + 1));
    expect(after).toContain('data-reception-status="unconfirmed"');
    expect(after).not.toContain("120 of 400");
  });

  it("a town page shows its own routes and the notices for its oblast, in Ukrainian", async () => {
    const now = new Date(seededAt.getTime() + 60_000);
    const body = renderLiteTown({ locale: "uk", ...(await liteTownData(t.db, { slug: "lysychansk", now }))! });
    expect(body).toContain("<h1>Маршрути з міста Лисичанськ</h1>");
    expect(body).toContain('data-route="lysychansk-bakhmut"');
    expect(body).not.toContain('data-route="kreminna-sloviansk"');
    expect(body).toContain("Луганська область");
    // How to ask for transport, and how many wait here: counts only.
    expect(body).toContain('<a href="/uk/transport?town=lysychansk">Не можете дістатися до пункту збору? Попросіть транспорт</a>');
    expect(body).toMatch(/<p data-transport-requests="\d+">Чекають на транспорт тут: /);
    expect(body).toContain('href="/en/lite/towns/lysychansk"');
    // It links up to its oblast, not to every town.
    expect(body).toContain('<a href="/uk/lite/oblasts/luhansk">Область: Луганська область</a>');
    expect(body).not.toContain('href="/uk/lite/towns/kreminna"');
    expect(await liteTownData(t.db, { slug: "atlantis", now })).toBeNull();
  });

  it("a town page counts its runs today and tomorrow as the town page does, in each language, and no copy outlives the count", async () => {
    const now = new Date(seededAt.getTime() + 5 * 60_000); // 17:05 in Kyiv
    const data = (await liteTownData(t.db, { slug: "lysychansk", now }))!;
    const en = renderLiteTown({ locale: "en", ...data });
    expect(en).toContain('<p data-transport-runs="2/1">Transport runs leaving from here: 2 today (1 for people with limited mobility), 1 tomorrow (0 for people with limited mobility).</p>');
    expect(renderLiteTown({ locale: "uk", ...data })).toContain("Рейси транспорту звідси: сьогодні 2 (для людей з обмеженою мобільністю: 1), завтра 1");
    expect(renderLiteTown({ locale: "ru", ...data })).toContain("Рейсы транспорта отсюда: сегодня 2 (для людей с ограниченной мобильностью: 1), завтра 1");
    // Never when, where or with what a run leaves: its reference and its hour stay off the page.
    expect(en).not.toMatch(/R-LITE|18:00|20:00/);
    // The first run's window ends at 19:00 Kyiv time, before midnight: the page's next change is then at the latest.
    const windowEnd = new Date(seededAt.getTime() + 3 * 3_600_000);
    expect(data.transportRuns!.changesAt).toEqual(windowEnd);
    expect(liteTownInstants(data)).toContainEqual(windowEnd);
    // After it, one today; a town without runs says nothing of them.
    const later = renderLiteTown({ locale: "en", ...(await liteTownData(t.db, { slug: "lysychansk", now: new Date(windowEnd.getTime() + 1) }))! });
    expect(later).toContain('data-transport-runs="1/1"');
    expect(renderLiteTown({ locale: "en", ...(await liteTownData(t.db, { slug: "hirske", now }))! })).not.toContain("data-transport-runs");
  });

  it("every page but the 404 has a meta description in its language, the town's page naming the town", async () => {
    const all = await pages(new Date(seededAt.getTime() + 60_000));
    for (const { name, body } of all) {
      const descriptions = [...body.matchAll(/<meta name="description" content="([^"]*)">/g)].map((m) => m[1]!);
      if (name.startsWith("404")) expect(descriptions, name).toEqual([]);
      else expect(descriptions, name).toHaveLength(1);
    }
    const description = (name: string) => /<meta name="description" content="([^"]*)">/.exec(all.find((p) => p.name === name)!.body)![1];
    expect(description("/en/lite")).toMatch(/^Evacuation routes in plain text/);
    expect(description("/uk/lite")).toMatch(/^Маршрути евакуації простим текстом/);
    expect(description("/en/lite/towns/lysychansk")).toMatch(/^Evacuation routes out of Lysychansk /);
    expect(description("/ru/lite/towns/lysychansk")).toMatch(/^Маршруты эвакуации из города Лисичанск /);
  });
});
