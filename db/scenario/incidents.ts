import type { IncidentInput } from "../../lib/forms/incident-schema";

/**
 * A demo incident: what a coordinator would write (IncidentInput), with times as minutes before
 * the scenario's clock and places, sources and routes by key rather than by id.
 */
export type ScenarioIncident = Omit<IncidentInput, "occurredAt" | "townId" | "lat" | "lon" | "sources" | "routeIds" | "agreementIds"> & {
  key: string;
  occurredMinutesAgo: number;
  reportedMinutesAgo: number;
  town: string;
  point: { lat: number; lon: number } | null;
  sourceKeys: string[];
  routeSlugs: string[];
};

export const SCENARIO_INCIDENTS: ScenarioIncident[] = [
  {
    key: "kreminna-shooting",
    category: "attack_on_civilians_in_transit",
    occurredMinutesAgo: 30 * 60,
    occurredPrecision: "day",
    reportedMinutesAgo: 26 * 60,
    town: "kreminna",
    // On the road west out of town; "near": the exact spot was not reported.
    point: { lat: 49.041, lon: 38.19 },
    geoPrecision: "near",
    killed: 4,
    injured: null,
    missing: null,
    publicSummary: {
      uk: "Четверо цивільних загинули від обстрілу, коли намагалися виїхати з Кремінної автомобілем під час атаки.",
      ru: "Четверо мирных жителей погибли от обстрела, когда пытались уехать из Кременной на машине во время атаки.",
      en: "Four civilians were shot dead as they tried to flee Kreminna by car during an attack.",
    },
    internalDescription:
      "Reuters report, cited by 19FortyFive. The regional head told the Kyiv Independent that evacuation from Kreminna is now impossible. Exact location and the identity of the shooters not established.",
    verification: "corroborated",
    sourceKeys: ["reuters-kreminna", "kyiv-independent-kreminna"],
    routeSlugs: ["kreminna-sloviansk"],
  },
  {
    key: "lysychansk-shelling",
    category: "shelling_or_strike_near_route",
    occurredMinutesAgo: 16 * 60,
    occurredPrecision: "day",
    reportedMinutesAgo: 10 * 60,
    town: "lysychansk",
    point: null,
    geoPrecision: "place",
    // "at least seven": the known minimum; injured were "scores", so their number is unknown.
    killed: 7,
    injured: null,
    missing: null,
    publicSummary: {
      uk: "Нічний обстріл Лисичанська забрав життя щонайменше семи людей, ще десятки поранено, за даними посадовців.",
      ru: "Ночной обстрел Лисичанска унёс жизни не менее семи человек, ещё десятки ранены, по данным чиновников.",
      en: "Overnight shelling of Lysychansk killed at least seven people and injured scores more, according to officials.",
    },
    internalDescription: "Figures from officials quoted in one international report; no second source yet. Killed is a minimum.",
    verification: "unverified",
    sourceKeys: ["regroup-article"],
    routeSlugs: ["lysychansk-bakhmut"],
  },
];

/** Luhansk oblast notice: "no safe places left in the region". */
export const SCENARIO_NOTICES = [
  {
    key: "luhansk-no-safe-places",
    oblast: "luhansk" as const,
    severity: "danger" as const,
    textUk: "Безпечних місць в області не залишилося. Евакуюйтеся, поки це можливо.",
    textRu: "Безопасных мест в области не осталось. Эвакуируйтесь, пока это возможно.",
    textEn: "There are no safe places left in the region. Evacuate while you still can.",
    sourceKey: "haidai-telegram",
    issuedMinutesAgo: 2 * 24 * 60,
  },
];

export const DEMO_PASSWORD = "corridor-demo";
// The demo coordinator works for the organisation that runs the demo's Luhansk routes, so the
// dashboard opens on its towns and the requests pool claims in its name, as a real coordinator's
// would. No route is given to "Corridor demo" instead: every seeded route's operator is what its
// source article says.
export const DEMO_USERS = [
  { email: "admin@example.org", name: "Demo Admin", role: "admin" as const, organisation: "corridor-demo" },
  { email: "coordinator@example.org", name: "Demo Coordinator", role: "coordinator" as const, organisation: "luhansk-rma" },
];
