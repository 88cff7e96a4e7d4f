import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { oblasts, towns } from "@/db/schema/places";
import { transportRequestEvents, transportRequests } from "@/db/schema/transport-requests";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { openTransportRequestPersonal } from "@/server/transport-requests/personal";
import { createWebRequestLimiter, replaceWebRequestLimiter } from "@/server/transport-requests/web-limits";

// The residents' form as a browser posts it (urlencoded, no JavaScript), against a real database:
// a good request is stored sealed and answered with its code; every bad one is answered with the
// form, a message beside the field, and nothing stored; the limits refuse before anything is read.

const state: { db: TestDb["db"] | null } = { db: null };
vi.mock("@/db", () => ({ getDb: async () => state.db }));
// Outside a Next request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.stubEnv("SUBSCRIBER_KEY", crypto.randomBytes(32).toString("base64"));
const form = await import("./route");
const withdrawal = await import("./withdraw/route");

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  state.db = t.db;
  await seedScenario(t.db, { now: new Date() });
  // A national list of towns: 500 villages, and two that share one name in different oblasts.
  const [oblast, other] = await t.db.select({ id: oblasts.id }).from(oblasts).orderBy(oblasts.slug).limit(2);
  await t.db.insert(towns).values([
    ...Array.from({ length: 500 }, (_, i) => ({ slug: `selo-q7-${i}`, nameUk: `Селище Ґрунтове ${i}`, nameRu: `Посёлок Грунтовый ${i}`, nameEn: `Hruntove ${i}`, oblastId: oblast!.id, lat: 48, lon: 38 })),
    { slug: "mykolaivka-q7-a", nameUk: "Миколаївка", nameRu: "Николаевка", nameEn: "Mykolaivka", oblastId: oblast!.id, lat: 48.1, lon: 38.1 },
    { slug: "mykolaivka-q7-b", nameUk: "Миколаївка", nameRu: "Николаевка", nameEn: "Mykolaivka", oblastId: other!.id, lat: 49.1, lon: 37.1 },
  ]);
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  replaceWebRequestLimiter(createWebRequestLimiter({ perAddress: 1_000, perContact: 1_000, windowSeconds: 600 }));
});

const NAME = "Halyna Form-Q7";
const ADDRESS = "вул. Тиха 7, кв. 12-Q7";
const valid = (overrides: Record<string, string | string[] | undefined> = {}) => {
  const fields: Record<string, string | string[] | undefined> = {
    town: "lysychansk",
    requesterKind: "relative",
    name: NAME,
    peopleCount: "1",
    childrenCount: "0",
    mobility: "bedridden",
    "medicalNeeds[]": ["oxygen"],
    medicalNote: "needs oxygen every 2 h",
    phone: `050${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
    telegram: "",
    language: "uk",
    address: ADDRESS,
    lat: "",
    lon: "",
    consent: "on",
    ...overrides,
  };
  return fields;
};

function post(handler: typeof form.POST, path: string, fields: Record<string, string | string[] | undefined>, { locale = "uk", headers = {} }: { locale?: string; headers?: Record<string, string> } = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value ?? []].flat()) body.append(name, v);
  const request = new Request(`http://localhost/${locale}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_ADDRESS_HEADER]: "203.0.113.7", ...headers },
  });
  return handler(request, { params: Promise.resolve({ locale }) });
}
const send = (fields: Record<string, string | string[] | undefined>, options?: Parameters<typeof post>[3]) => post(form.POST, "/transport", fields, options);
const withdraw = (code: string, options?: Parameters<typeof post>[3]) => post(withdrawal.POST, "/transport/withdraw", { code }, options);

/** Every row of the requests' tables: equal before and after means nothing was written. */
async function requestTables(): Promise<string> {
  const result = await t.db.execute(sql`select (select count(*) from transport_requests)::text || '/' || (select count(*) from transport_request_events)::text || '/' || coalesce((select max(version) from transport_requests), 0)::text as f`);
  return String(rowsOf<{ f: string }>(result)[0]!.f);
}

/** The message shown beside a field: the element its input's aria-describedby names. */
function errorBeside(html: string, field: string): string | null {
  const match = new RegExp(`<span class="e" id="f-${field}-e">([^<]*)</span>`).exec(html);
  return match ? match[1]! : null;
}

describe("the form page", () => {
  it("is the form in the page's language, the town chosen from the link, never cached", async () => {
    const response = await form.GET(new Request("http://localhost/uk/transport?town=lysychansk"), { params: Promise.resolve({ locale: "uk" }) });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain('<input type="hidden" name="town" value="lysychansk">');
    expect(html).toContain("Лисичанськ (");
    // Changing the town stays inside the form, so nothing typed is lost by it.
    expect(html).toContain("<details><summary>Змінити населений пункт</summary>");
    expect(html).toContain('name="townChange" value=""');
    expect(html).not.toContain('href="/uk/transport"');
    expect(html).not.toContain('name="townName"');
    expect(html).toContain("Ваші дані отримає лише волонтерська організація");
    expect(html).toContain('<form method="post" action="/uk/transport" novalidate>');
    expect(html).not.toContain("<script");
  });

  it("chooses no town from a link with a slug no town can have", async () => {
    const response = await form.GET(new Request("http://localhost/en/transport?town=%3Cscript%3E"), { params: Promise.resolve({ locale: "en" }) });
    const html = await response.text();
    expect(html).not.toContain('name="town"');
    expect(html).toContain('<input type="text" id="f-town" name="townName" value=""');
    expect(html).not.toContain("<script>");
  });

  // 500 towns would be 500 options on a phone on 2G: the form names at most the town it is for.
  it.each(["/en/transport", "/en/transport?town=lysychansk", "/en/transport?town=no-such-town"])("names no list of towns at national scale: %s", async (path) => {
    const response = await form.GET(new Request(`http://localhost${path}`), { params: Promise.resolve({ locale: "en" }) });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).not.toContain("Hruntove");
    expect(html).not.toContain("Mykolaivka");
    expect(html.match(/<option /g)?.length).toBe(3); // the three languages, nothing else
    expect(html).not.toContain('type="radio" name="town"');
  });
});

describe("sending a request", () => {
  it("stores a daughter's request for her mother sealed, and answers with the reference code once", async () => {
    const fields = valid({ language: "ru", lat: "48.904", lon: "38.442" });
    const response = await send(fields);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const code = /data-testid="reference-code">([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(html)?.[1];
    expect(code).toBeDefined();
    // What was typed is not echoed into the answer: only the code.
    expect(html).not.toContain(NAME);
    expect(html).not.toContain(ADDRESS);

    const [row] = await t.db.select().from(transportRequests).where(eq(transportRequests.referenceCode, code!));
    expect(row).toMatchObject({ requesterKind: "relative", locale: "ru", consentLocale: "uk", mobility: "bedridden", medicalNeeds: ["oxygen"], status: "new", createdBy: null, channel: "web" });
    expect(row!.consentedAt).not.toBeNull();
    expect(row!.phoneHash).toMatch(/\S/);
    const clear = JSON.stringify(row);
    expect(clear).not.toContain(NAME);
    expect(clear).not.toContain("Тиха");
    expect(clear).not.toContain(fields.phone!.slice(3));
    expect(openTransportRequestPersonal(getTransportRequestKeys(), row!.personalSealed!)).toMatchObject({
      name: NAME,
      phone: `+380${String(fields.phone).slice(1)}`,
      address: ADDRESS,
      point: { lat: 48.904, lon: 38.442 },
      medicalNote: "needs oxygen every 2 h",
    });
    const events = await t.db.select().from(transportRequestEvents).where(eq(transportRequestEvents.requestId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(["created"]);
  });

  const BAD: [string, Record<string, string | string[] | undefined>, string, RegExp][] = [
    ["no contact", { phone: "", telegram: "" }, "phone", /Вкажіть номер телефону або акаунт у Telegram/],
    ["a phone that is not a number", { phone: "дзвоніть сусідці" }, "phone", /Enter a phone number|Введіть номер телефону/],
    ["no consent", { consent: undefined }, "consent", /Позначте «Я погоджуюся»/],
    ["a town that does not exist", { town: "atlantis" }, "town", /Оберіть свій населений пункт/],
    ["a malformed town", { town: "../admin" }, "town", /Оберіть свій населений пункт/],
    ["more children than people", { peopleCount: "1", childrenCount: "2" }, "childrenCount", /\S/],
    ["an overlong address", { address: "а".repeat(501) }, "address", /500/],
    ["half a point", { lat: "48.9", lon: "" }, "lat", /\S/],
    ["an unknown need", { "medicalNeeds[]": ["magic"] }, "medicalNeeds", /\S/],
    ["a requester kind only a hotline may be", { requesterKind: "hotline" }, "requesterKind", /\S/],
  ];
  for (const [what, overrides, field, message] of BAD) {
    it(`refuses ${what}: the message beside the field, what was typed kept, nothing stored`, async () => {
      const before = await requestTables();
      const response = await send(valid(overrides));
      const html = await response.text();
      expect(response.status).toBe(422);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(errorBeside(html, field), html.slice(0, 3000)).toMatch(message);
      expect(html).toContain(`aria-describedby="f-${field}-`);
      expect(html).toContain('role="alert"');
      // The resident does not type it all again (this answer is theirs alone: no-store).
      if (field !== "address") expect(html).toContain(ADDRESS);
      if (field !== "medicalNeeds") expect(html).toContain('name="medicalNeeds[]" value="oxygen" checked');
      expect(await requestTables()).toBe(before);
    });
  }

  const storedTown = async (code: string) =>
    (await t.db.select({ slug: towns.slug }).from(transportRequests).innerJoin(towns, eq(towns.id, transportRequests.townId)).where(eq(transportRequests.referenceCode, code)))[0]?.slug;

  it("files a request for the town whose name was typed, in any script", async () => {
    const response = await send(valid({ town: undefined, townName: "  Лисичанск " }), { locale: "en" });
    const html = await response.text();
    expect(response.status, html.slice(0, 2000)).toBe(200);
    const code = /data-testid="reference-code">([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(html)![1]!;
    expect(await storedTown(code)).toBe("lysychansk");
  });

  it("offers the towns a shared name may mean, keeps what was typed and stores nothing; the one chosen is filed", async () => {
    const before = await requestTables();
    const response = await send(valid({ town: undefined, townName: "Миколаївка" }));
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(errorBeside(html, "town")).toMatch(/Оберіть свій нижче/);
    expect([...html.matchAll(/type="radio" name="town" value="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(["mykolaivka-q7-a", "mykolaivka-q7-b"]);
    expect(html).toContain('name="townName" value="Миколаївка"');
    expect(html).toContain(ADDRESS);
    expect(html).toContain('name="medicalNeeds[]" value="oxygen" checked');
    expect(await requestTables()).toBe(before);

    const chosen = await send(valid({ town: "mykolaivka-q7-b", townName: "Миколаївка" }));
    const code = /data-testid="reference-code">([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(await chosen.text())![1]!;
    expect(await storedTown(code)).toBe("mykolaivka-q7-b");
  });

  it("files for the other town typed under 'Change the town' instead of the fixed one", async () => {
    const response = await send(valid({ town: "lysychansk", townChange: " Рубіжне " }));
    const code = /data-testid="reference-code">([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(await response.text())![1]!;
    expect(await storedTown(code)).toBe("rubizhne");
  });

  it("keeps everything typed when the other town typed under 'Change the town' needs choosing, and the fixed town is gone", async () => {
    const before = await requestTables();
    const response = await send(valid({ town: "lysychansk", townChange: "Миколаївка" }));
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(errorBeside(html, "town")).toMatch(/Оберіть свій нижче/);
    expect(html.match(/type="radio" name="town"/g)?.length).toBe(2);
    expect(html).not.toContain('type="hidden" name="town"');
    expect(html).not.toContain('name="townChange"');
    expect(html).toContain('name="townName" value="Миколаївка"');
    expect(html).toContain(ADDRESS);
    expect(html).toContain(NAME);
    expect(html).toContain('name="medicalNeeds[]" value="oxygen" checked');
    expect(await requestTables()).toBe(before);
  });

  it("offers a handful of towns, never the list, for a name hundreds begin with", async () => {
    const before = await requestTables();
    const html = await (await send(valid({ town: undefined, townName: "Ґрунтове" }))).text();
    expect(html.match(/type="radio" name="town"/g)?.length).toBe(8);
    expect(html.match(/Hruntove|Ґрунтове \d/g)?.length ?? 0).toBeLessThanOrEqual(8);
    expect(await requestTables()).toBe(before);
  });

  it.each([
    ["no town at all", { town: undefined, townName: "" }, /Введіть назву свого населеного пункту/],
    ["a name no town has", { town: undefined, townName: "Атлантида" }, /«Атлантида» не знайдено/],
  ])("refuses %s beside the town field, storing nothing", async (_, overrides, message) => {
    const before = await requestTables();
    const response = await send(valid(overrides));
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(errorBeside(html, "town")).toMatch(message);
    expect(html).toContain('aria-describedby="f-town-h f-town-e"');
    expect(html).toContain(ADDRESS);
    expect(await requestTables()).toBe(before);
  });

  it("refuses a post another site's page made, before reading it", async () => {
    const before = await requestTables();
    const response = await send(valid(), { headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await requestTables()).toBe(before);
  });

  it("refuses a post whose Origin names another site (browsers that send no Sec-Fetch-Site)", async () => {
    const before = await requestTables();
    expect((await send(valid(), { headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await withdraw("ABCD-EFGH", { headers: { origin: "http://localhost.evil.example" } })).status).toBe(403);
    expect(await requestTables()).toBe(before);
    // Its own page's post, and one from a no-referrer page (Origin: null), are taken.
    expect((await send(valid(), { headers: { origin: "http://localhost" } })).status).toBe(200);
    expect((await send(valid(), { headers: { origin: "null" } })).status).toBe(200);
  });

  it("limits one client address, counting refused posts too; another address is not held up", async () => {
    replaceWebRequestLimiter(createWebRequestLimiter({ perAddress: 2, perContact: 100, windowSeconds: 600 }));
    expect((await send(valid({ phone: "" }))).status).toBe(422);
    expect((await send(valid())).status).toBe(200);
    const before = await requestTables();
    const refused = await send(valid());
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("Забагато заявок з цього з’єднання");
    expect(await requestTables()).toBe(before);
    expect((await send(valid(), { headers: { [CLIENT_ADDRESS_HEADER]: "198.51.100.9" } })).status).toBe(200);
  });

  it("limits one contact from the web, whatever address it comes from", async () => {
    replaceWebRequestLimiter(createWebRequestLimiter({ perAddress: 100, perContact: 1, windowSeconds: 600 }));
    const phone = "+380671112233";
    expect((await send(valid({ phone }))).status).toBe(200);
    const before = await requestTables();
    const refused = await send(valid({ phone: "067 111 22 33" }), { headers: { [CLIENT_ADDRESS_HEADER]: "198.51.100.10" } });
    expect(refused.status).toBe(429);
    expect(errorBeside(await refused.text(), "phone")).toMatch(/Забагато/);
    expect(await requestTables()).toBe(before);
  });

  it("answers a body that is no form with 400, and a language the site does not have with the lite 404", async () => {
    const request = new Request("http://localhost/uk/transport", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect((await form.POST(request, { params: Promise.resolve({ locale: "uk" }) })).status).toBe(400);
    expect((await send(valid(), { locale: "de" })).status).toBe(404);
  });
});

describe("withdrawing by reference code", () => {
  it("cancels the request and erases its details at once; the same code typed loosely works", async () => {
    const html = await (await send(valid())).text();
    const code = /data-testid="reference-code">([0-9A-Z-]{9})</.exec(html)![1]!;
    const loose = code.toLowerCase().replace("-", " ");
    const response = await withdraw(loose, { locale: "en" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`Request ${code} is cancelled`);
    const [row] = await t.db.select().from(transportRequests).where(eq(transportRequests.referenceCode, code));
    expect(row).toMatchObject({ status: "cancelled", personalSealed: null, phoneHash: null, telegramHash: null });
  });

  it("refuses a malformed code and an unknown one beside the field, changing nothing", async () => {
    const before = await requestTables();
    const malformed = await withdraw("12", { locale: "ru" });
    expect(malformed.status).toBe(422);
    expect(errorBeside(await malformed.text(), "code")).toMatch(/Код заявки — это 8 букв и цифр/);
    const unknown = await withdraw("ZZZZ-ZZZZ", { locale: "ru" });
    expect(unknown.status).toBe(422);
    expect(errorBeside(await unknown.text(), "code")).toMatch(/Заявки с таким кодом нет/);
    expect(await requestTables()).toBe(before);
  });

  it("counts withdrawals against the client address, so codes cannot be guessed", async () => {
    replaceWebRequestLimiter(createWebRequestLimiter({ perAddress: 3, perContact: 100, windowSeconds: 600 }));
    for (let i = 0; i < 3; i++) expect((await withdraw("ZZZZ-ZZZ" + i)).status).toBe(422);
    expect((await withdraw("ZZZZ-ZZZ9")).status).toBe(429);
  });
});
