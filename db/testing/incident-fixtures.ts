import type { IncidentInput } from "../queries/incident-writes";
import { scenarioId } from "../scenario/ids";
import { inLanguage } from "@/lib/localized-text";

/** The Kreminna shooting of April 2022 as an incident form would submit it: near the Kreminna–Sloviansk line. */
export const kreminnaStyle = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  category: "attack_on_civilians_in_transit",
  occurredAt: new Date("2022-04-18T09:00:00Z"),
  occurredPrecision: "day",
  townId: scenarioId("town:kreminna"),
  lat: 49.041,
  lon: 38.19,
  geoPrecision: "near",
  killed: 4,
  injured: null,
  missing: null,
  publicSummary: inLanguage("en", "Four civilians shot dead fleeing by car."),
  internalDescription: "Reported by a volunteer driver (name withheld).",
  verification: "unverified",
  sources: [{ kind: "wire_agency", outlet: "Reuters", url: "https://www.reuters.com/x", publishedAt: null }],
  routeIds: [],
  agreementIds: [],
  ...over,
});
