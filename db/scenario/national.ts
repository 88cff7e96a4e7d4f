import type { LocalizedName } from "@/lib/localized-name";
import type { LocalizedText } from "@/lib/localized-text";
import {
  AGREEMENT_STATES,
  INCIDENT_CATEGORIES,
  ROUTE_MODES,
  STATUS_REASON_CODES,
  VERIFICATION_STATES,
  type RouteStatus,
} from "@/lib/enum-values";
import { slugFrom } from "@/lib/slug";

// A national data set made up from a seed: real oblasts and their OCHA P-codes, hromadas and
// towns with common Ukrainian place names (so search meets the same name in several oblasts, as
// it does in the country), routes from the front-line oblasts to the ones people go to, and years
// of history. Nothing in it is a real event: it exists to measure and test the app at the size of
// a national deployment. Everything is a pure function of (scale, seed, now).

export const SCALES = {
  /** What a national deployment holds after some years. */
  national: { towns: 500, routes: 3000, statusEvents: 100_000, incidents: 20_000, agreements: 300, notices: 400, subscribers: 2_000 },
  /** A tenth of it: page budgets and plans at a size where "every town" would already show. */
  regional: { towns: 150, routes: 400, statusEvents: 8_000, incidents: 1_500, agreements: 40, notices: 60, subscribers: 200 },
  /** For tests: every kind of row, in seconds on PGlite. */
  small: { towns: 40, routes: 90, statusEvents: 600, incidents: 120, agreements: 8, notices: 12, subscribers: 20 },
} as const;

export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as [ScaleName, ...ScaleName[]];

/** mulberry32: a small, fast, well-distributed 32-bit generator; the same seed gives the same set. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Oblast = LocalizedName & { slug: string; pcode: string; lat: number; lon: number; frontLine: boolean };

/** Front-line oblasts (where routes start) and the ones people are taken to. Slugs match the demo's. */
export const NATIONAL_OBLASTS: Oblast[] = [
  { slug: "luhansk", pcode: "UA44", nameUk: "Луганська область", nameRu: "Луганская область", nameEn: "Luhansk oblast", lat: 48.9, lon: 38.9, frontLine: true },
  { slug: "donetsk", pcode: "UA14", nameUk: "Донецька область", nameRu: "Донецкая область", nameEn: "Donetsk oblast", lat: 48.2, lon: 37.7, frontLine: true },
  { slug: "kharkiv", pcode: "UA63", nameUk: "Харківська область", nameRu: "Харьковская область", nameEn: "Kharkiv oblast", lat: 49.6, lon: 36.6, frontLine: true },
  { slug: "zaporizhzhia", pcode: "UA23", nameUk: "Запорізька область", nameRu: "Запорожская область", nameEn: "Zaporizhzhia oblast", lat: 47.4, lon: 35.7, frontLine: true },
  { slug: "kherson", pcode: "UA65", nameUk: "Херсонська область", nameRu: "Херсонская область", nameEn: "Kherson oblast", lat: 46.7, lon: 33.5, frontLine: true },
  { slug: "sumy", pcode: "UA59", nameUk: "Сумська область", nameRu: "Сумская область", nameEn: "Sumy oblast", lat: 50.9, lon: 34.3, frontLine: true },
  { slug: "chernihiv", pcode: "UA74", nameUk: "Чернігівська область", nameRu: "Черниговская область", nameEn: "Chernihiv oblast", lat: 51.3, lon: 32.0, frontLine: true },
  { slug: "mykolaiv", pcode: "UA48", nameUk: "Миколаївська область", nameRu: "Николаевская область", nameEn: "Mykolaiv oblast", lat: 47.3, lon: 32.0, frontLine: true },
  { slug: "dnipropetrovsk", pcode: "UA12", nameUk: "Дніпропетровська область", nameRu: "Днепропетровская область", nameEn: "Dnipropetrovsk oblast", lat: 48.4, lon: 35.0, frontLine: false },
  { slug: "poltava", pcode: "UA53", nameUk: "Полтавська область", nameRu: "Полтавская область", nameEn: "Poltava oblast", lat: 49.6, lon: 34.2, frontLine: false },
  { slug: "kyiv-oblast", pcode: "UA32", nameUk: "Київська область", nameRu: "Киевская область", nameEn: "Kyiv oblast", lat: 50.3, lon: 30.6, frontLine: false },
  { slug: "odesa", pcode: "UA51", nameUk: "Одеська область", nameRu: "Одесская область", nameEn: "Odesa oblast", lat: 46.6, lon: 30.3, frontLine: false },
  { slug: "vinnytsia", pcode: "UA05", nameUk: "Вінницька область", nameRu: "Винницкая область", nameEn: "Vinnytsia oblast", lat: 49.1, lon: 28.5, frontLine: false },
  { slug: "lviv", pcode: "UA46", nameUk: "Львівська область", nameRu: "Львовская область", nameEn: "Lviv oblast", lat: 49.8, lon: 24.0, frontLine: false },
];

/** Common place names, each with its grammatical gender (for "Нова …" / "Нове …"). */
const PLACE_NAMES: [uk: string, ru: string, en: string, gender: "f" | "n"][] = [
  ["Олександрівка", "Александровка", "Oleksandrivka", "f"],
  ["Михайлівка", "Михайловка", "Mykhailivka", "f"],
  ["Іванівка", "Ивановка", "Ivanivka", "f"],
  ["Петрівка", "Петровка", "Petrivka", "f"],
  ["Андріївка", "Андреевка", "Andriivka", "f"],
  ["Миколаївка", "Николаевка", "Mykolaivka", "f"],
  ["Василівка", "Васильевка", "Vasylivka", "f"],
  ["Григорівка", "Григорьевка", "Hryhorivka", "f"],
  ["Степанівка", "Степановка", "Stepanivka", "f"],
  ["Федорівка", "Федоровка", "Fedorivka", "f"],
  ["Павлівка", "Павловка", "Pavlivka", "f"],
  ["Семенівка", "Семеновка", "Semenivka", "f"],
  ["Дмитрівка", "Дмитровка", "Dmytrivka", "f"],
  ["Костянтинівка", "Константиновка", "Kostiantynivka", "f"],
  ["Богданівка", "Богдановка", "Bohdanivka", "f"],
  ["Успенка", "Успенка", "Uspenka", "f"],
  ["Вознесенка", "Вознесенка", "Voznesenka", "f"],
  ["Новоселівка", "Новоселовка", "Novoselivka", "f"],
  ["Калинівка", "Калиновка", "Kalynivka", "f"],
  ["Кам'янка", "Каменка", "Kamianka", "f"],
  ["Олексіївка", "Алексеевка", "Oleksiivka", "f"],
  ["Покровське", "Покровское", "Pokrovske", "n"],
  ["Зелене", "Зеленое", "Zelene", "n"],
  ["Степове", "Степное", "Stepove", "n"],
  ["Шевченкове", "Шевченково", "Shevchenkove", "n"],
  ["Берестове", "Берестовое", "Berestove", "n"],
  ["Тернове", "Терновое", "Ternove", "n"],
  ["Вербове", "Вербовое", "Verbove", "n"],
  ["Садове", "Садовое", "Sadove", "n"],
  ["Широке", "Широкое", "Shyroke", "n"],
];

const PREFIXES: Record<"f" | "n", [uk: string, ru: string, en: string][]> = {
  f: [["", "", ""], ["Нова ", "Новая ", "Nova "], ["Велика ", "Большая ", "Velyka "], ["Мала ", "Малая ", "Mala "]],
  n: [["", "", ""], ["Нове ", "Новое ", "Nove "], ["Велике ", "Большое ", "Velyke "], ["Мале ", "Малое ", "Male "]],
};

const OUTLETS = [
  ["official_channel", "Oblast Military Administration (Telegram)"],
  ["local_media", "Local news desk"],
  ["wire_agency", "Wire agency"],
  ["ngo_field_report", "NGO field team"],
  ["international_media", "International broadcaster"],
] as const;

export type NationalHromada = LocalizedName & { key: string; oblast: string; pcode: string };
export type NationalTown = LocalizedName & { slug: string; oblast: string; hromada: string; pcode: string; lat: number; lon: number; aliases: string[] };
export type NationalStatusEvent = { status: RouteStatus; kind: "update" | "confirm"; reasonCodes: (typeof STATUS_REASON_CODES)[number][]; confirmedAt: Date; source: number };
export type NationalRoute = {
  slug: string;
  origin: string;
  destination: string;
  waypoints: [number, number][];
  mode: (typeof ROUTE_MODES)[number];
  organisation: string;
  freshnessWindowHours: number;
  /** Oldest first; the last one is the route's current status. */
  events: NationalStatusEvent[];
};
export type NationalIncident = {
  key: number;
  category: (typeof INCIDENT_CATEGORIES)[number];
  occurredAt: Date;
  reportedAt: Date;
  town: string;
  point: { lat: number; lon: number } | null;
  killed: number | null;
  injured: number | null;
  verification: (typeof VERIFICATION_STATES)[number];
  visibility: "public" | "internal";
  publicSummary: LocalizedText;
  route: string | null;
  source: number;
};
export type NationalAgreement = {
  key: number;
  title: LocalizedText;
  state: (typeof AGREEMENT_STATES)[number];
  windowStart: Date;
  windowEnd: Date;
  createdAt: Date;
  route: string;
  source: number;
};
export type NationalNotice = {
  key: number;
  target: { town: string } | { oblast: string };
  severity: "info" | "warning" | "danger";
  text: LocalizedText;
  issuedAt: Date;
  expiresAt: Date | null;
  source: number;
};
export type NationalSubscriber = { key: number; channel: "telegram" | "sms"; address: string; locale: "uk" | "ru" | "en"; lastActiveAt: Date; towns: string[] };

export type NationalScenario = {
  /** When the history begins: places and sources exist from then. */
  historyStart: Date;
  oblasts: Oblast[];
  hromadas: NationalHromada[];
  towns: NationalTown[];
  sources: { key: number; kind: (typeof OUTLETS)[number][0]; outlet: string; publishedAt: Date }[];
  routes: NationalRoute[];
  incidents: NationalIncident[];
  agreements: NationalAgreement[];
  notices: NationalNotice[];
  subscribers: NationalSubscriber[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back the history goes. */
const HISTORY_DAYS = 3 * 365;
const TOWNS_PER_HROMADA = 5;

const CATEGORY_TEXT: Partial<Record<(typeof INCIDENT_CATEGORIES)[number], LocalizedText>> = {
  shelling_or_strike_near_route: { uk: "Обстріл поблизу маршруту", ru: "Обстрел вблизи маршрута", en: "Shelling near the route" },
  mines_uxo_ied: { uk: "Міни на узбіччі дороги", ru: "Мины на обочине дороги", en: "Mines beside the road" },
  movement_restriction: { uk: "Блокпост не пропускає цивільних", ru: "Блокпост не пропускает гражданских", en: "Checkpoint turning civilians back" },
  physical_obstacle: { uk: "Міст пошкоджено", ru: "Мост повреждён", en: "Bridge damaged" },
};
const OTHER_TEXT: LocalizedText = { uk: "Повідомлення про інцидент", ru: "Сообщение об инциденте", en: "Incident reported" };

/**
 * The whole data set for one scale. `now` anchors the history (the newest status is minutes to
 * hours before it), so freshness, ageing and windows look as they would in a live deployment.
 */
export function generateNationalScenario(scale: ScaleName, seed: number, now: Date): NationalScenario {
  const size = SCALES[scale];
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const at = (ms: number) => new Date(now.getTime() - ms);
  const round = (n: number) => Math.round(n * 1000) / 1000;

  const sources = Array.from({ length: 40 }, (_, key) => {
    const [kind, outlet] = pick(OUTLETS);
    return { key, kind, outlet: `${outlet} ${key + 1}`, publishedAt: at(int(0, HISTORY_DAYS) * DAY) };
  });

  // Towns spread over the oblasts, front-line ones holding most of them (that is where routes start).
  const hromadas: NationalHromada[] = [];
  const towns: NationalTown[] = [];
  const slugs = new Set<string>();
  const frontLine = NATIONAL_OBLASTS.filter((o) => o.frontLine);
  const rear = NATIONAL_OBLASTS.filter((o) => !o.frontLine);
  const rearTowns = Math.max(rear.length, Math.round(size.towns * 0.2));
  for (let i = 0; i < size.towns; i++) {
    const oblast = i < rearTowns ? rear[i % rear.length]! : frontLine[i % frontLine.length]!;
    const inOblast = towns.filter((t) => t.oblast === oblast.slug).length;
    const [uk, ru, en, gender] = pick(PLACE_NAMES);
    const [pUk, pRu, pEn] = chance(0.6) ? PREFIXES[gender][0]! : pick(PREFIXES[gender]);
    const name = { nameUk: pUk + uk, nameRu: pRu + ru, nameEn: pEn + en };
    if (inOblast % TOWNS_PER_HROMADA === 0) {
      const n = inOblast / TOWNS_PER_HROMADA;
      const pcode = `${oblast.pcode}${String(Math.floor(n / 10) + 2).padStart(2, "0")}${String((n % 10) + 1).padStart(3, "0")}`;
      hromadas.push({
        key: pcode,
        oblast: oblast.slug,
        pcode,
        nameUk: `${name.nameUk} територіальна громада`,
        nameRu: `${name.nameRu} территориальная громада`,
        nameEn: `${name.nameEn} hromada`,
      });
    }
    const hromada = hromadas.filter((h) => h.oblast === oblast.slug).at(-1)!;
    let slug = slugFrom(`${name.nameEn} ${oblast.slug}`);
    for (let n = 2; slugs.has(slug); n++) slug = slugFrom(`${name.nameEn} ${oblast.slug} ${n}`);
    slugs.add(slug);
    towns.push({
      slug,
      oblast: oblast.slug,
      hromada: hromada.key,
      pcode: `${hromada.pcode}${String((inOblast % TOWNS_PER_HROMADA) + 1).padStart(3, "0")}0`,
      lat: round(oblast.lat + (random() - 0.5) * 1.4),
      lon: round(oblast.lon + (random() - 0.5) * 2),
      aliases: uk === ru ? [] : [pRu + ru],
      ...name,
    });
  }

  const origins = towns.filter((t) => frontLine.some((o) => o.slug === t.oblast));
  const destinations = towns.filter((t) => rear.some((o) => o.slug === t.oblast));
  const routeSlugs = new Set<string>();
  const eventsPerRoute = Math.floor(size.statusEvents / size.routes);
  let extraEvents = size.statusEvents - eventsPerRoute * size.routes;
  const routes: NationalRoute[] = [];
  for (let i = 0; i < size.routes; i++) {
    const origin = origins[i % origins.length]!;
    const destination = pick(destinations);
    let slug = slugFrom(`${origin.slug} ${destination.slug}`);
    for (let n = 2; routeSlugs.has(slug); n++) slug = slugFrom(`${origin.slug} ${destination.slug} ${n}`);
    routeSlugs.add(slug);
    const count = eventsPerRoute + (extraEvents-- > 0 ? 1 : 0);
    // History from up to three years ago to a last confirmation minutes to days ago, so some
    // routes are fresh and some have lapsed into "unconfirmed".
    const newest = int(5, chance(0.7) ? 300 : 5 * 24 * 60) * 60_000;
    const oldest = int(HISTORY_DAYS / 2, HISTORY_DAYS) * DAY;
    const events: NationalStatusEvent[] = [];
    let status: RouteStatus = "unknown";
    let reasonCodes: NationalStatusEvent["reasonCodes"] = [];
    for (let e = 0; e < count; e++) {
      const confirmedAt = at(count === 1 ? newest : oldest - ((oldest - newest) * e) / (count - 1));
      // A confirmation repeats the status and its reasons; a change says why unless the route is open.
      const confirm = e > 0 && chance(0.4);
      if (!confirm) {
        status = pick(["open", "open", "caution", "closed", "closed", "unknown"] as const);
        reasonCodes = status === "open" && chance(0.7) ? [] : [pick(STATUS_REASON_CODES)];
      }
      events.push({ status, kind: confirm ? "confirm" : "update", reasonCodes, confirmedAt, source: int(0, sources.length - 1) });
    }
    const mid = [round((origin.lon + destination.lon) / 2 + (random() - 0.5) * 0.3), round((origin.lat + destination.lat) / 2 + (random() - 0.5) * 0.3)] as [number, number];
    routes.push({
      slug,
      origin: origin.slug,
      destination: destination.slug,
      waypoints: [[origin.lon, origin.lat], mid, [destination.lon, destination.lat]],
      mode: pick(ROUTE_MODES),
      organisation: `Volunteer group ${int(1, 60)}`,
      freshnessWindowHours: pick([6, 6, 6, 12, 24]),
      events,
    });
  }

  const incidents: NationalIncident[] = Array.from({ length: size.incidents }, (_, key) => {
    const town = pick(origins);
    const occurredAt = at(int(60, HISTORY_DAYS * 24 * 60) * 60_000);
    const category = pick(INCIDENT_CATEGORIES);
    const route = chance(0.15) ? pick(routes).slug : null;
    return {
      key,
      category,
      occurredAt,
      reportedAt: new Date(occurredAt.getTime() + int(10, 48 * 60) * 60_000),
      town: town.slug,
      point: chance(0.5) ? { lat: round(town.lat + (random() - 0.5) * 0.1), lon: round(town.lon + (random() - 0.5) * 0.1) } : null,
      killed: chance(0.3) ? int(0, 5) : null,
      injured: chance(0.3) ? int(0, 12) : null,
      verification: pick(VERIFICATION_STATES),
      visibility: chance(0.7) ? "public" : "internal",
      publicSummary: CATEGORY_TEXT[category] ?? OTHER_TEXT,
      route,
      source: int(0, sources.length - 1),
    };
  });

  const agreements: NationalAgreement[] = Array.from({ length: size.agreements }, (_, key) => {
    // The last few are ahead of now, so the corridor windows residents see are there at every scale.
    const upcoming = key >= size.agreements - 3;
    const windowStart = upcoming ? new Date(now.getTime() + int(2, 30) * HOUR) : at(int(2, HISTORY_DAYS) * DAY);
    const route = pick(routes);
    return {
      key,
      title: { uk: `Гуманітарний коридор ${key + 1}`, ru: `Гуманитарный коридор ${key + 1}`, en: `Humanitarian corridor ${key + 1}` },
      state: upcoming ? "agreed" : pick(AGREEMENT_STATES),
      windowStart,
      windowEnd: new Date(windowStart.getTime() + int(2, 12) * HOUR),
      createdAt: upcoming ? at(int(1, 60) * 60_000) : new Date(windowStart.getTime() - int(1, 48) * HOUR),
      route: route.slug,
      source: int(0, sources.length - 1),
    };
  });

  const notices: NationalNotice[] = Array.from({ length: size.notices }, (_, key) => {
    const issuedAt = at(int(1, HISTORY_DAYS * 24) * HOUR);
    // Most notices ended long ago; about one in ten is still in force.
    const current = chance(0.1);
    return {
      key,
      target: chance(0.8) ? { town: pick(origins).slug } : { oblast: pick(frontLine).slug },
      severity: pick(["info", "warning", "danger"] as const),
      text: {
        uk: "Рекомендовано евакуюватися. Стежте за оголошеннями.",
        ru: "Рекомендовано эвакуироваться. Следите за объявлениями.",
        en: "Evacuation is advised. Watch for announcements.",
      },
      issuedAt,
      expiresAt: current ? null : new Date(issuedAt.getTime() + int(1, 30) * DAY),
      source: int(0, sources.length - 1),
    };
  });

  let smsCount = 0;
  const subscribers: NationalSubscriber[] = Array.from({ length: size.subscribers }, (_, key) => {
    // Phone numbers from Ofcom's range kept for drama (+44 7700 900000-900999), never anyone's;
    // chat ids far above the ones Telegram has given out.
    const channel = chance(0.3) && smsCount < 1000 ? "sms" : "telegram";
    const address = channel === "sms" ? `+447700${900_000 + smsCount++}` : String(8_000_000_000_000 + key);
    const own = new Set(Array.from({ length: int(1, 3) }, () => pick(origins).slug));
    return { key, channel, address, locale: pick(["uk", "uk", "ru", "en"] as const), lastActiveAt: at(int(1, 29 * 24) * HOUR), towns: [...own] };
  });

  return { historyStart: at(HISTORY_DAYS * DAY), oblasts: NATIONAL_OBLASTS, hromadas, towns, sources, routes, incidents, agreements, notices, subscribers };
}
