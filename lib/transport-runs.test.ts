import { describe, expect, it } from "vitest";
import { canChangeTransportRequestStatus } from "./transport-requests";
import {
  canChangeTransportRunStatus,
  outcomeEffect,
  placesNeeded,
  RUN_OUTCOMES,
  runFit,
  runNeedsAttention,
  runReferenceCodeFrom,
  runTakesAssignments,
  runTakesOutcomes,
  runUpdate,
  TRANSPORT_RUN_STATUSES,
} from "./transport-runs";

const van = { seats: 3, wheelchairPlaces: 0, stretcherPlaces: 2, petsAllowed: false };
const none = { seats: 0, wheelchairPlaces: 0, stretcherPlaces: 0 };

describe("places a request takes", () => {
  it("gives the bedridden person a stretcher place and everyone else a seat", () => {
    expect(placesNeeded({ peopleCount: 3, mobility: "bedridden" })).toEqual({ seats: 2, wheelchairPlaces: 0, stretcherPlaces: 1 });
    expect(placesNeeded({ peopleCount: 1, mobility: "wheelchair" })).toEqual({ seats: 0, wheelchairPlaces: 1, stretcherPlaces: 0 });
    expect(placesNeeded({ peopleCount: 2, mobility: "needs_help" })).toEqual({ seats: 2, wheelchairPlaces: 0, stretcherPlaces: 0 });
  });
});

describe("runFit", () => {
  it("refuses a need the vehicle can never meet, with its own reason, before a full vehicle", () => {
    const car = { seats: 0, wheelchairPlaces: 0, stretcherPlaces: 0, petsAllowed: false };
    expect(runFit({ peopleCount: 1, mobility: "bedridden", pets: false }, { ...car, seats: 4 }, none)).toEqual({ fits: false, reason: "noStretcherPlace" });
    expect(runFit({ peopleCount: 1, mobility: "wheelchair", pets: false }, van, none)).toEqual({ fits: false, reason: "noWheelchairPlace" });
    expect(runFit({ peopleCount: 1, mobility: "walks", pets: true }, van, none)).toEqual({ fits: false, reason: "noPetsAllowed" });
    expect(runFit({ peopleCount: 1, mobility: "bedridden", pets: true }, { ...van, petsAllowed: true }, { seats: 0, wheelchairPlaces: 0, stretcherPlaces: 2 })).toEqual({ fits: false, reason: "stretcherPlacesFull" });
  });
  it("fits up to the last place of each kind and not one more", () => {
    expect(runFit({ peopleCount: 2, mobility: "bedridden", pets: false }, van, { seats: 2, wheelchairPlaces: 0, stretcherPlaces: 1 })).toEqual({ fits: true, places: { seats: 1, wheelchairPlaces: 0, stretcherPlaces: 1 } });
    expect(runFit({ peopleCount: 3, mobility: "bedridden", pets: false }, van, { seats: 2, wheelchairPlaces: 0, stretcherPlaces: 1 })).toEqual({ fits: false, reason: "seatsFull" });
    expect(runFit({ peopleCount: 1, mobility: "wheelchair", pets: false }, { ...van, wheelchairPlaces: 1 }, { seats: 0, wheelchairPlaces: 1, stretcherPlaces: 0 })).toEqual({ fits: false, reason: "wheelchairPlacesFull" });
  });
  it("refuses a request whose needs are placeholders from an SMS", () => {
    expect(runFit({ peopleCount: 1, mobility: "walks", pets: false, unknownFields: ["mobility"] }, van, none)).toEqual({ fits: false, reason: "needsUnknown" });
    expect(runFit({ peopleCount: 1, mobility: "walks", pets: false, unknownFields: ["medicalNeeds"] }, van, none).fits).toBe(true);
  });
});

describe("the run's lifecycle", () => {
  it("goes planned → boarding → departed → arrived, cancelled only before leaving", () => {
    expect(canChangeTransportRunStatus("planned", "boarding")).toBe(true);
    expect(canChangeTransportRunStatus("boarding", "departed")).toBe(true);
    expect(canChangeTransportRunStatus("departed", "arrived")).toBe(true);
    expect(canChangeTransportRunStatus("planned", "departed")).toBe(false);
    expect(canChangeTransportRunStatus("departed", "cancelled")).toBe(false);
    for (const to of TRANSPORT_RUN_STATUSES) {
      expect(canChangeTransportRunStatus("arrived", to)).toBe(false);
      expect(canChangeTransportRunStatus("cancelled", to)).toBe(false);
    }
  });
  it("takes people until it leaves and outcomes while boarding and on the way", () => {
    expect(TRANSPORT_RUN_STATUSES.filter(runTakesAssignments)).toEqual(["planned", "boarding"]);
    expect(TRANSPORT_RUN_STATUSES.filter(runTakesOutcomes)).toEqual(["boarding", "departed"]);
  });
});

describe("outcomes", () => {
  it("move a scheduled request along its own machine", () => {
    for (const outcome of RUN_OUTCOMES) expect(canChangeTransportRequestStatus("scheduled", outcomeEffect(outcome).status)).toBe(true);
    expect(outcomeEffect("boarded")).toEqual({ status: "evacuated", release: false });
    expect(outcomeEffect("not_found")).toEqual({ status: "contacted", release: true });
    expect(outcomeEffect("refused").status).toBe("declined");
    expect(outcomeEffect("postponed")).toEqual({ status: "contacted", release: false });
  });
});

describe("what the requester is told", () => {
  it("follows the latest assignment", () => {
    expect(runUpdate(null)).toBeNull();
    expect(runUpdate({ endReason: null, runStatus: "planned", outcome: null })).toBe("planned");
    expect(runUpdate({ endReason: null, runStatus: "boarding", outcome: null })).toBe("boarding");
    expect(runUpdate({ endReason: null, runStatus: "boarding", outcome: "boarded" })).toBeNull();
    expect(runUpdate({ endReason: "run_cancelled", runStatus: "cancelled", outcome: null })).toBe("cancelled");
    expect(runUpdate({ endReason: "removed", runStatus: "planned", outcome: null })).toBe("removed");
  });
  it("alerts the organisation, not the people, when the route closes or an incident is flagged", () => {
    expect(runNeedsAttention({ status: "planned" }, { status: "closed", reviewFlaggedAt: null })).toBe("routeClosed");
    expect(runNeedsAttention({ status: "boarding" }, { status: "open", reviewFlaggedAt: new Date(0) })).toBe("incidentFlagged");
    expect(runNeedsAttention({ status: "arrived" }, { status: "closed", reviewFlaggedAt: null })).toBeNull();
    expect(runNeedsAttention({ status: "planned" }, null)).toBeNull();
  });
});

describe("runReferenceCodeFrom", () => {
  it("makes an R- code of six unambiguous symbols", () => {
    expect(runReferenceCodeFrom(new Uint8Array([0, 1, 31, 32, 18, 20]))).toBe("R-01Z0JM");
    expect(() => runReferenceCodeFrom(new Uint8Array(3))).toThrow(RangeError);
  });
});
