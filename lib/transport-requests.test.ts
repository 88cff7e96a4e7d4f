import { describe, expect, it } from "vitest";
import {
  addressSimilarity,
  addressTokenList,
  mostSimilarAddress,
  requesterUpdate,
  tokenSetSimilarity,
  canChangeTransportRequestStatus,
  claimDecision,
  staleClaimCutoff,
  duplicateReason,
  erasureCutoff,
  isClaimStale,
  isOpenTransportRequestStatus,
  nextTransportRequestStatuses,
  normaliseReferenceCode,
  personalDataErasureDue,
  referenceCodeFrom,
  TRANSPORT_REQUEST_STATUSES,
  type TransportRequestStatus,
} from "./transport-requests";

describe("the status machine", () => {
  it("moves a new request forward and never reopens a closed one", () => {
    expect(canChangeTransportRequestStatus("new", "contacted")).toBe(true);
    expect(canChangeTransportRequestStatus("contacted", "scheduled")).toBe(true);
    expect(canChangeTransportRequestStatus("scheduled", "evacuated")).toBe(true);
    expect(canChangeTransportRequestStatus("scheduled", "contacted")).toBe(true);
    expect(canChangeTransportRequestStatus("new", "evacuated")).toBe(false);
    expect(canChangeTransportRequestStatus("new", "new")).toBe(false);
    for (const closed of ["evacuated", "could_not_reach", "declined", "duplicate", "cancelled"] as const) {
      expect(isOpenTransportRequestStatus(closed)).toBe(false);
      expect(nextTransportRequestStatuses(closed)).toEqual([]);
    }
  });

  it("lets every open request be closed every way but evacuated before anyone spoke to them", () => {
    const open: TransportRequestStatus[] = ["new", "contacted", "scheduled"];
    for (const from of open) {
      expect(isOpenTransportRequestStatus(from)).toBe(true);
      for (const to of ["could_not_reach", "declined", "duplicate", "cancelled"] as const) expect(canChangeTransportRequestStatus(from, to)).toBe(true);
      for (const to of TRANSPORT_REQUEST_STATUSES) expect(canChangeTransportRequestStatus(from, to)).toBe(nextTransportRequestStatuses(from).includes(to));
    }
  });
});

describe("retention", () => {
  const closedAt = new Date("2022-05-01T10:00:00Z");

  it("erases personal details whole days after a request closes, never while it is open", () => {
    expect(personalDataErasureDue(closedAt)).toEqual(new Date("2022-05-15T10:00:00Z"));
    expect(personalDataErasureDue(closedAt, 1)).toEqual(new Date("2022-05-02T10:00:00Z"));
    expect(personalDataErasureDue(closedAt, 0)).toEqual(closedAt);
    expect(personalDataErasureDue(null)).toBeNull();
    expect(() => personalDataErasureDue(closedAt, -1)).toThrow(RangeError);
    expect(() => personalDataErasureDue(closedAt, 1.5)).toThrow(RangeError);
  });

  it("gives the cutoff a sweep compares close times with", () => {
    const now = new Date("2022-05-15T10:00:00Z");
    expect(erasureCutoff(now)).toEqual(closedAt);
    expect(erasureCutoff(now, 7)).toEqual(new Date("2022-05-08T10:00:00Z"));
  });

  it("flags a claim with no progress for a day", () => {
    const at = new Date("2022-05-01T10:00:00Z");
    expect(isClaimStale(at, new Date("2022-05-02T09:59:59Z"))).toBe(false);
    expect(isClaimStale(at, new Date("2022-05-02T10:00:00Z"))).toBe(true);
    expect(isClaimStale(at, new Date("2022-05-01T12:00:00Z"), 2)).toBe(true);
    expect(() => isClaimStale(at, at, 0)).toThrow(RangeError);
  });

  it("lets another organisation take over a claim only from the 24th hour without progress", () => {
    const lastProgressAt = new Date("2022-05-01T10:00:00Z");
    const claimed = { status: "contacted" as const, claimedByOrganisationId: "org-a", lastProgressAt };
    const at = (iso: string) => claimDecision(claimed, "org-b", new Date(iso));
    expect(at("2022-05-02T09:59:59.999Z")).toEqual({ kind: "refused", code: "alreadyClaimed" });
    expect(at("2022-05-02T10:00:00Z")).toEqual({ kind: "takeOver", from: "org-a" });
    expect(claimDecision(claimed, "org-b", new Date("2022-05-01T12:00:00Z"), 2)).toEqual({ kind: "takeOver", from: "org-a" });
    // The claimant's own stale claim is not "taken over" by itself, and a closed request is nobody's to take.
    expect(claimDecision(claimed, "org-a", new Date("2022-05-03T10:00:00Z"))).toEqual({ kind: "refused", code: "alreadyYours" });
    expect(claimDecision({ ...claimed, status: "evacuated" }, "org-b", new Date("2022-05-03T10:00:00Z"))).toEqual({ kind: "refused", code: "requestClosed" });
    expect(claimDecision({ ...claimed, claimedByOrganisationId: null }, "org-b", lastProgressAt)).toEqual({ kind: "claim" });
    expect(staleClaimCutoff(new Date("2022-05-02T10:00:00Z"))).toEqual(lastProgressAt);
  });
});

describe("reference codes", () => {
  it("are eight unambiguous symbols with a dash, read back whatever the case, spaces or look-alike letters", () => {
    const code = referenceCodeFrom(Uint8Array.from([0, 1, 2, 3, 31, 30, 29, 255]));
    expect(code).toBe("0123-ZYXZ");
    expect(normaliseReferenceCode(" 0123 zyxz ")).toBe(code);
    expect(normaliseReferenceCode("O123ZYXZ")).toBe(code);
    expect(normaliseReferenceCode("0123-ZYX")).toBeNull();
    expect(normaliseReferenceCode("0123-ZYXU")).toBeNull();
    expect(() => referenceCodeFrom(new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("duplicate matching", () => {
  const base = { phoneHash: null, telegramHash: null, townId: "t1", address: null };

  it("matches the same phone or Telegram by keyed hash, in any town", () => {
    expect(duplicateReason({ ...base, phoneHash: "h1" }, { ...base, townId: "t2", phoneHash: "h1" })).toBe("samePhone");
    expect(duplicateReason({ ...base, telegramHash: "g1" }, { ...base, telegramHash: "g1" })).toBe("sameTelegram");
    expect(duplicateReason({ ...base, phoneHash: "h1" }, { ...base, phoneHash: "h2" })).toBeNull();
  });

  it("matches a similar address only in the same town", () => {
    const a = { ...base, address: "вул. Миру 12, кв. 5" };
    expect(addressSimilarity("вул. Миру 12, кв. 5", "Миру, 12 / 5")).toBe(1);
    expect(duplicateReason(a, { ...base, address: "Миру, 12 / 5" })).toBe("similarAddress");
    expect(duplicateReason(a, { ...base, townId: "t2", address: "Миру, 12 / 5" })).toBeNull();
    expect(duplicateReason(a, { ...base, address: "вул. Шевченка 40" })).toBeNull();
    expect(addressSimilarity("вул.", "Миру 12")).toBe(0);
  });
});

describe("similar addresses by hashed words", () => {
  // A stand-in for the keyed hash: any one-to-one map of words keeps the sets' similarity.
  const hashed = (address: string) => addressTokenList(address).map((w) => `h(${w})`);

  it("lists an address's words once each, in a stable order, without the words that only say what kind of place it is", () => {
    expect(addressTokenList("вул. Миру 12, кв 5")).toEqual(["12", "5", "miru"]);
    expect(addressTokenList("Миру, 12/5")).toEqual(addressTokenList("вул. Миру 12, кв 5"));
  });

  it("matches a street written in Latin letters with the same street in Cyrillic, Ukrainian or Russian", () => {
    const base = { phoneHash: null, telegramHash: null, townId: "t1", address: null };
    const same = [
      ["вул. Шевченка 5", "vul. Shevchenka 5"],
      ["вулиця Шкільна 8, кв. 3", "Shkilna street 8 apt 3"],
      ["вул. Гагаріна 14", "ул. Гагарина 14"],
      ["вул. Ярослава Мудрого 2", "vulytsia Yaroslava Mudroho 2"],
      ["Київська 12а", "Kyivska 12a"],
      ["вул. Щорса 1", "ul. Shchorsa 1"],
    ] as const;
    for (const [a, b] of same) {
      expect(addressTokenList(a), `${a} / ${b}`).toEqual(addressTokenList(b));
      expect(duplicateReason({ ...base, address: a }, { ...base, address: b }), `${a} / ${b}`).toBe("similarAddress");
    }
    // Another house, or another street, in either script is still not the same household.
    expect(duplicateReason({ ...base, address: "вул. Шевченка 5" }, { ...base, address: "vul. Shevchenka 50" })).toBeNull();
    expect(duplicateReason({ ...base, address: "вул. Шевченка 5" }, { ...base, address: "vul. Sadova 5" })).toBeNull();
  });

  it("gives hashed word sets the same similarity as the words themselves", () => {
    const pairs = [
      ["вул. Миру 12, кв 5", "Миру 12/5"],
      ["вул. Миру 12", "вул. Миру 14"],
      ["Садова 3", "Шкільна 8"],
    ] as const;
    for (const [a, b] of pairs) expect(tokenSetSimilarity(hashed(a), hashed(b))).toBeCloseTo(addressSimilarity(a, b), 10);
    expect(tokenSetSimilarity([], hashed("Миру 12"))).toBe(0);
  });

  it("suggests the most similar open request at or above the threshold, and none below it", () => {
    const mine = hashed("вул. Миру 12, кв 5");
    const candidates = [
      { id: "far", tokens: hashed("Садова 3") },
      { id: "near", tokens: hashed("Миру 12") },
      { id: "same", tokens: hashed("Миру, 12/5") },
      { id: "erased", tokens: null },
    ];
    expect(mostSimilarAddress(mine, candidates)).toEqual({ id: "same", similarity: 1 });
    expect(mostSimilarAddress(mine, candidates.filter((c) => c.id !== "same"))).toEqual({ id: "near", similarity: 2 / 3 });
    expect(mostSimilarAddress(hashed("вул. Миру 14"), candidates)).toBeNull();
    expect(mostSimilarAddress([], candidates)).toBeNull();
  });
});

describe("what a requester is told", () => {
  it("says 'taken' for a claimed new request, each status after that, and nothing for an unclaimed new one", () => {
    expect(requesterUpdate("new", false)).toBeNull();
    expect(requesterUpdate("new", true)).toBe("taken");
    for (const status of TRANSPORT_REQUEST_STATUSES.filter((s) => s !== "new")) {
      expect(requesterUpdate(status, true)).toBe(status);
      expect(requesterUpdate(status, false)).toBe(status);
    }
  });
});
