import type { LocalizedName } from "@/lib/localized-name";

/** Oblasts (admin1) with their OCHA P-codes. */
export const SCENARIO_OBLASTS = [
  { slug: "luhansk", nameUk: "Луганська область", nameRu: "Луганская область", nameEn: "Luhansk oblast", pcode: "UA44" },
  { slug: "donetsk", nameUk: "Донецька область", nameRu: "Донецкая область", nameEn: "Donetsk oblast", pcode: "UA14" },
  { slug: "dnipropetrovsk", nameUk: "Дніпропетровська область", nameRu: "Днепропетровская область", nameEn: "Dnipropetrovsk oblast", pcode: "UA12" },
  { slug: "zaporizhzhia", nameUk: "Запорізька область", nameRu: "Запорожская область", nameEn: "Zaporizhzhia oblast", pcode: "UA23" },
  { slug: "kyiv-oblast", nameUk: "Київська область", nameRu: "Киевская область", nameEn: "Kyiv oblast", pcode: "UA32" },
  { slug: "kyiv-city", nameUk: "Київ", nameRu: "Киев", nameEn: "Kyiv city", pcode: "UA80" },
  { slug: "chernihiv", nameUk: "Чернігівська область", nameRu: "Черниговская область", nameEn: "Chernihiv oblast", pcode: "UA74" },
  { slug: "kharkiv", nameUk: "Харківська область", nameRu: "Харьковская область", nameEn: "Kharkiv oblast", pcode: "UA63" },
] as const;

export type ScenarioOblastSlug = (typeof SCENARIO_OBLASTS)[number]["slug"];

export type ScenarioTown = LocalizedName & {
  slug: string;
  aliases: string[];
  oblast: ScenarioOblastSlug;
  lat: number;
  lon: number;
};

/** The towns in domain.md, with approximate points and the spellings residents type. */
export const SCENARIO_TOWNS: ScenarioTown[] = [
  { slug: "lysychansk", nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk", aliases: ["Lisichansk", "Lysychans'k"], oblast: "luhansk", lat: 48.904, lon: 38.442 },
  { slug: "sievierodonetsk", nameUk: "Сєвєродонецьк", nameRu: "Северодонецк", nameEn: "Sievierodonetsk", aliases: ["Severodonetsk", "Syeverodonetsk", "Sjewjerodonezk"], oblast: "luhansk", lat: 48.948, lon: 38.491 },
  { slug: "rubizhne", nameUk: "Рубіжне", nameRu: "Рубежное", nameEn: "Rubizhne", aliases: ["Rubezhnoye", "Rubizhnie", "Rubezhnoe"], oblast: "luhansk", lat: 49.013, lon: 38.374 },
  { slug: "kreminna", nameUk: "Кремінна", nameRu: "Кременная", nameEn: "Kreminna", aliases: ["Kremennaya", "Kreminnaya"], oblast: "luhansk", lat: 49.048, lon: 38.218 },
  { slug: "hirske", nameUk: "Гірське", nameRu: "Горское", nameEn: "Hirske", aliases: ["Gorskoye", "Gorskoe", "Girske"], oblast: "luhansk", lat: 48.746, lon: 38.498 },
  { slug: "popasna", nameUk: "Попасна", nameRu: "Попасная", nameEn: "Popasna", aliases: ["Popasnaya", "Popasnaia"], oblast: "luhansk", lat: 48.633, lon: 38.383 },
  { slug: "bakhmut", nameUk: "Бахмут", nameRu: "Бахмут", nameEn: "Bakhmut", aliases: ["Artemivsk", "Artyomovsk", "Артемовск", "Артемівськ"], oblast: "donetsk", lat: 48.595, lon: 38.0 },
  { slug: "sloviansk", nameUk: "Слов'янськ", nameRu: "Славянск", nameEn: "Sloviansk", aliases: ["Slovyansk", "Slavyansk", "Слов’янськ"], oblast: "donetsk", lat: 48.853, lon: 37.606 },
  { slug: "kramatorsk", nameUk: "Краматорськ", nameRu: "Краматорск", nameEn: "Kramatorsk", aliases: [], oblast: "donetsk", lat: 48.739, lon: 37.584 },
  { slug: "dnipro", nameUk: "Дніпро", nameRu: "Днепр", nameEn: "Dnipro", aliases: ["Dnepr", "Dnipropetrovsk", "Днепропетровск"], oblast: "dnipropetrovsk", lat: 48.465, lon: 35.046 },
  { slug: "mariupol", nameUk: "Маріуполь", nameRu: "Мариуполь", nameEn: "Mariupol", aliases: ["Mariupol'"], oblast: "donetsk", lat: 47.097, lon: 37.543 },
  { slug: "zaporizhzhia", nameUk: "Запоріжжя", nameRu: "Запорожье", nameEn: "Zaporizhzhia", aliases: ["Zaporozhye", "Zaporizhia", "Zaporozhe"], oblast: "zaporizhzhia", lat: 47.839, lon: 35.14 },
  { slug: "kyiv", nameUk: "Київ", nameRu: "Киев", nameEn: "Kyiv", aliases: ["Kiev"], oblast: "kyiv-city", lat: 50.45, lon: 30.523 },
  { slug: "irpin", nameUk: "Ірпінь", nameRu: "Ирпень", nameEn: "Irpin", aliases: ["Irpen"], oblast: "kyiv-oblast", lat: 50.522, lon: 30.251 },
  { slug: "bucha", nameUk: "Буча", nameRu: "Буча", nameEn: "Bucha", aliases: [], oblast: "kyiv-oblast", lat: 50.544, lon: 30.212 },
  { slug: "hostomel", nameUk: "Гостомель", nameRu: "Гостомель", nameEn: "Hostomel", aliases: ["Gostomel"], oblast: "kyiv-oblast", lat: 50.569, lon: 30.265 },
  { slug: "chernihiv", nameUk: "Чернігів", nameRu: "Чернигов", nameEn: "Chernihiv", aliases: ["Chernigov"], oblast: "chernihiv", lat: 51.498, lon: 31.289 },
  { slug: "kharkiv", nameUk: "Харків", nameRu: "Харьков", nameEn: "Kharkiv", aliases: ["Kharkov"], oblast: "kharkiv", lat: 49.994, lon: 36.23 },
];
