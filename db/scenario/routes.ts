import type { LonLat } from "../schema/routes";
import type { RouteMode, RouteStatus } from "../schema/enums";

export type ScenarioRoute = {
  slug: string;
  origin: string;
  destination: string;
  mode: RouteMode;
  /** [lon, lat]; intermediate points follow the main roads approximately. */
  waypoints: LonLat[];
  status: RouteStatus;
  reason: string;
  sourceKey: string;
  /** Minutes before the seeding time that the status was confirmed. */
  confirmedMinutesAgo: number;
  organisation: string;
  assemblyPoint: string;
  schedule: string;
};

const LUHANSK_RMA = "Luhansk Regional Military Administration";
// The articles do not give assembly points or times; the demo says where residents would look
// rather than inventing a place.
const ASSEMBLY_AS_ANNOUNCED = "As announced in the regional administration's Telegram channel";
const SCHEDULE_AS_ANNOUNCED = "Daily while evacuation continues; times announced the evening before";

export const SCENARIO_ROUTES: ScenarioRoute[] = [
  {
    slug: "lysychansk-bakhmut",
    origin: "lysychansk",
    destination: "bakhmut",
    mode: "bus",
    waypoints: [[38.442, 48.904], [38.22, 48.75], [38.0, 48.595]],
    status: "caution",
    reason: "Evacuation buses are running, but the city was shelled overnight: at least seven killed.",
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
    reason: "Evacuation organised by the regional military administration while strikes on civilian buildings continue.",
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
    reason: "Evacuation organised despite intensified strikes; the regional head says there are no safe places left.",
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
    reason: "",
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
    reason: "",
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
    reason: "Evacuation is now impossible: the town has been seized and four civilians were shot dead fleeing by car.",
    sourceKey: "kyiv-independent-kreminna",
    confirmedMinutesAgo: 30,
    organisation: LUHANSK_RMA,
    assemblyPoint: "",
    schedule: "",
  },
  {
    slug: "mariupol-zaporizhzhia",
    origin: "mariupol",
    destination: "zaporizhzhia",
    mode: "mixed",
    waypoints: [[37.543, 47.097], [36.8, 47.25], [35.9, 47.55], [35.14, 47.839]],
    status: "caution",
    reason: "Ceasefire declared from 10:00 local time; the corridor is only as safe as the ceasefire is respected.",
    sourceKey: "regroup-article",
    confirmedMinutesAgo: 20,
    organisation: "Government of Ukraine (Deputy Prime Minister Iryna Vereshchuk)",
    assemblyPoint: "As announced by the city council for each corridor window",
    schedule: "Only inside an agreed corridor window",
  },
];
