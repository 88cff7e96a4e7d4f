import type { LonLat } from "../schema/routes";
import type { RouteMode, RouteStatus, StatusReasonCode } from "../schema/enums";
import { EMPTY_LOCALIZED_TEXT, type LocalizedText } from "../../lib/localized-text";

export type ScenarioRoute = {
  slug: string;
  origin: string;
  destination: string;
  mode: RouteMode;
  /** [lon, lat]; intermediate points follow the main roads approximately. */
  waypoints: LonLat[];
  status: RouteStatus;
  reasonCodes: StatusReasonCode[];
  /** In all three languages: the demo shows what a fully translated status looks like. */
  reason: LocalizedText;
  sourceKey: string;
  /** Minutes before the seeding time that the status was confirmed. */
  confirmedMinutesAgo: number;
  /** A key of db/scenario/organisations.ts. */
  organisation: string;
  assemblyPoint: LocalizedText;
  schedule: LocalizedText;
};

/** Keys of db/scenario/organisations.ts. */
const LUHANSK_RMA = "luhansk-rma";
// The articles do not give assembly points or times; the demo says where residents would look
// rather than inventing a place.
const ASSEMBLY_AS_ANNOUNCED: LocalizedText = {
  uk: "Як оголошено в Telegram-каналі обласної адміністрації",
  ru: "Как объявлено в Telegram-канале областной администрации",
  en: "As announced in the regional administration's Telegram channel",
};
const SCHEDULE_AS_ANNOUNCED: LocalizedText = {
  uk: "Щодня, поки триває евакуація; час оголошують напередодні ввечері",
  ru: "Ежедневно, пока идёт эвакуация; время объявляют накануне вечером",
  en: "Daily while evacuation continues; times announced the evening before",
};

export const SCENARIO_ROUTES: ScenarioRoute[] = [
  {
    slug: "lysychansk-bakhmut",
    origin: "lysychansk",
    destination: "bakhmut",
    mode: "bus",
    waypoints: [[38.442, 48.904], [38.22, 48.75], [38.0, 48.595]],
    status: "caution",
    reasonCodes: ["transport_running", "shelling_or_air_strikes"],
    reason: {
      uk: "Евакуаційні автобуси курсують, але вночі місто обстріляли: щонайменше семеро загиблих.",
      ru: "Эвакуационные автобусы ходят, но ночью город обстреляли: погибли не менее семи человек.",
      en: "Evacuation buses are running, but the city was shelled overnight: at least seven killed.",
    },
    sourceKey: "regroup-article",
    confirmedMinutesAgo: 12,
    organisation: LUHANSK_RMA,
    assemblyPoint: ASSEMBLY_AS_ANNOUNCED,
    schedule: SCHEDULE_AS_ANNOUNCED,
  },
  {
    slug: "sievierodonetsk-kramatorsk",
    origin: "sievierodonetsk",
    destination: "kramatorsk",
    mode: "bus",
    waypoints: [[38.491, 48.948], [38.442, 48.904], [38.0, 48.8], [37.584, 48.739]],
    status: "caution",
    reasonCodes: ["transport_running", "shelling_or_air_strikes"],
    reason: {
      uk: "Евакуацію організовує обласна військова адміністрація, удари по цивільних будівлях тривають.",
      ru: "Эвакуацию организует областная военная администрация, удары по гражданским зданиям продолжаются.",
      en: "Evacuation organised by the regional military administration while strikes on civilian buildings continue.",
    },
    sourceKey: "haidai-telegram",
    confirmedMinutesAgo: 25,
    organisation: LUHANSK_RMA,
    assemblyPoint: ASSEMBLY_AS_ANNOUNCED,
    schedule: SCHEDULE_AS_ANNOUNCED,
  },
  {
    slug: "rubizhne-sloviansk",
    origin: "rubizhne",
    destination: "sloviansk",
    mode: "bus",
    waypoints: [[38.374, 49.013], [38.25, 48.95], [37.9, 48.9], [37.606, 48.853]],
    status: "caution",
    reasonCodes: ["transport_running", "active_fighting"],
    reason: {
      uk: "Евакуацію організовано попри посилення ударів; голова області каже, що безпечних місць не лишилося.",
      ru: "Эвакуация организована, несмотря на усиление ударов; глава области говорит, что безопасных мест не осталось.",
      en: "Evacuation organised despite intensified strikes; the regional head says there are no safe places left.",
    },
    sourceKey: "haidai-telegram",
    confirmedMinutesAgo: 40,
    organisation: LUHANSK_RMA,
    assemblyPoint: ASSEMBLY_AS_ANNOUNCED,
    schedule: SCHEDULE_AS_ANNOUNCED,
  },
  {
    slug: "hirske-bakhmut",
    origin: "hirske",
    destination: "bakhmut",
    mode: "bus",
    waypoints: [[38.498, 48.746], [38.383, 48.633], [38.0, 48.595]],
    status: "open",
    reasonCodes: ["transport_running"],
    reason: EMPTY_LOCALIZED_TEXT,
    sourceKey: "haidai-telegram",
    confirmedMinutesAgo: 8,
    organisation: LUHANSK_RMA,
    assemblyPoint: ASSEMBLY_AS_ANNOUNCED,
    schedule: SCHEDULE_AS_ANNOUNCED,
  },
  {
    slug: "popasna-bakhmut",
    origin: "popasna",
    destination: "bakhmut",
    mode: "bus",
    waypoints: [[38.383, 48.633], [38.2, 48.61], [38.0, 48.595]],
    status: "open",
    reasonCodes: ["transport_running"],
    reason: EMPTY_LOCALIZED_TEXT,
    sourceKey: "haidai-telegram",
    confirmedMinutesAgo: 55,
    organisation: LUHANSK_RMA,
    assemblyPoint: ASSEMBLY_AS_ANNOUNCED,
    schedule: SCHEDULE_AS_ANNOUNCED,
  },
  {
    slug: "kreminna-sloviansk",
    origin: "kreminna",
    destination: "sloviansk",
    mode: "private_vehicle",
    waypoints: [[38.218, 49.048], [38.0, 48.98], [37.606, 48.853]],
    status: "closed",
    reasonCodes: ["territory_changed_hands", "civilians_fired_on"],
    reason: {
      uk: "Евакуація тепер неможлива: місто захоплено, четверо цивільних загинули від обстрілу, коли виїжджали автомобілем.",
      ru: "Эвакуация теперь невозможна: город захвачен, четверо мирных жителей погибли от обстрела, когда уезжали на машине.",
      en: "Evacuation is now impossible: the town has been seized and four civilians were shot dead fleeing by car.",
    },
    sourceKey: "kyiv-independent-kreminna",
    confirmedMinutesAgo: 30,
    organisation: LUHANSK_RMA,
    assemblyPoint: EMPTY_LOCALIZED_TEXT,
    schedule: EMPTY_LOCALIZED_TEXT,
  },
  {
    slug: "mariupol-zaporizhzhia",
    origin: "mariupol",
    destination: "zaporizhzhia",
    mode: "mixed",
    waypoints: [[37.543, 47.097], [36.8, 47.25], [35.9, 47.55], [35.14, 47.839]],
    status: "caution",
    reasonCodes: ["corridor_agreed", "ceasefire_not_respected"],
    reason: {
      uk: "Режим тиші оголошено з 10:00 за місцевим часом; коридор безпечний лише настільки, наскільки дотримуються тиші.",
      ru: "Режим тишины объявлен с 10:00 по местному времени; коридор безопасен лишь настолько, насколько соблюдается тишина.",
      en: "Ceasefire declared from 10:00 local time; the corridor is only as safe as the ceasefire is respected.",
    },
    sourceKey: "regroup-article",
    confirmedMinutesAgo: 20,
    organisation: "government",
    assemblyPoint: {
      uk: "Як оголосить міська рада для кожного вікна коридору",
      ru: "Как объявит городской совет для каждого окна коридора",
      en: "As announced by the city council for each corridor window",
    },
    schedule: {
      uk: "Лише в межах погодженого вікна коридору",
      ru: "Только в пределах согласованного окна коридора",
      en: "Only inside an agreed corridor window",
    },
  },
];
