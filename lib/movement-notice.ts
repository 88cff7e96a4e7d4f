import { toPlaceIso } from "./iso-time";
import type { VehicleKind } from "./transport-runs";

// A run as a humanitarian notification of movement, in the fields OCHA's Humanitarian
// Notification System asks of an organisation telling the parties to a conflict about a planned
// movement: who moves, with what, from where to where, along which way, and when. It goes outside
// the organisation (to a notification cell, to the parties), so it is built from a closed set of
// facts about the vehicle and the way, and nothing about the people on it: no name, address,
// phone, request, count of passengers or crew contact, which would say who is leaving from where.

export type MovementFacts = {
  referenceCode: string;
  organisation: { name: string; shortName: string; publicContact: string };
  vehicle: VehicleKind;
  departsFrom: Date;
  departsUntil: Date;
  origin: { name: string; lat: number; lon: number };
  destination: { name: string; lat: number; lon: number };
  /** The route's line as [lon, lat] pairs; null for door-to-door pickups in the origin town. */
  waypoints: readonly (readonly [number, number])[] | null;
};

export type MovementNotice = {
  notificationType: "Humanitarian movement notification";
  reference: string;
  organisation: string;
  organisationAcronym: string;
  focalPointContact: string;
  movementType: "Evacuation of civilians";
  vehicles: { type: string; count: number }[];
  departureWindow: { from: string; to: string; timeZone: "Europe/Kyiv" };
  origin: { place: string; latitude: number; longitude: number };
  destination: { place: string; latitude: number; longitude: number };
  route: { description: string; waypoints: { latitude: number; longitude: number }[] };
};

const VEHICLE_NAMES: Record<VehicleKind, string> = {
  bus: "Bus",
  minibus: "Minibus",
  van: "Van",
  ambulance: "Ambulance",
  car: "Passenger car",
  train_car: "Railway carriage",
};

/** Positions to about 100 m: the parties need the way, not the metre. */
const at = (value: number) => Math.round(value * 1000) / 1000;

export function movementNotice(facts: MovementFacts): MovementNotice {
  return {
    notificationType: "Humanitarian movement notification",
    reference: facts.referenceCode,
    organisation: facts.organisation.name,
    organisationAcronym: facts.organisation.shortName,
    focalPointContact: facts.organisation.publicContact,
    movementType: "Evacuation of civilians",
    vehicles: [{ type: VEHICLE_NAMES[facts.vehicle], count: 1 }],
    departureWindow: { from: toPlaceIso(facts.departsFrom), to: toPlaceIso(facts.departsUntil), timeZone: "Europe/Kyiv" },
    origin: { place: facts.origin.name, latitude: at(facts.origin.lat), longitude: at(facts.origin.lon) },
    destination: { place: facts.destination.name, latitude: at(facts.destination.lat), longitude: at(facts.destination.lon) },
    route: facts.waypoints
      ? { description: `${facts.origin.name} to ${facts.destination.name} along the published route`, waypoints: facts.waypoints.map(([lon, lat]) => ({ latitude: at(lat), longitude: at(lon) })) }
      : { description: `Pickups within ${facts.origin.name}, then to ${facts.destination.name}`, waypoints: [] },
  };
}
