import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { agreementEditSchema, agreementFormSchema, claimFormSchema } from "./schemas";

const ROUTE = "0b4f0c1e-7f3a-5d3e-9a43-6a1c2d7e8f90";
const PARTY = "5f0a5a43-2b53-5c7e-8f4e-8b9a1c2d3e4f";

const valid = (over: Record<string, unknown> = {}) => ({
  titleUk: "",
  titleRu: "",
  titleEn: "Mariupol – Zaporizhzhia humanitarian corridor",
  routeIds: [ROUTE],
  parties: {
    "0": { id: "", name: "Russian Federation", role: "party_to_conflict", representative: "Mikhail Mizintsev" },
    "1": { id: "", name: "Ukraine", role: "party_to_conflict", representative: "" },
    // The spare row the form always shows.
    "2": { id: "", name: "", role: "", representative: "" },
  },
  windowStart: "2022-03-27T10:00",
  windowEnd: "2022-03-27T22:00",
  termsUk: "",
  termsRu: "",
  termsEn: "",
  sources: { "0": { kind: "other", outlet: "", url: "", publishedAt: "" } },
  ...over,
});

const errors = (schema: typeof agreementFormSchema | typeof claimFormSchema, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("agreement form", () => {
  it("reads the window as Kyiv local time with that date's offset, drops blank party rows", () => {
    const parsed = agreementFormSchema.parse(valid());
    expect(parsed.windowStart.toISOString()).toBe("2022-03-27T07:00:00.000Z");
    expect(parsed.windowEnd.toISOString()).toBe("2022-03-27T19:00:00.000Z");
    expect(parsed.parties).toEqual([
      { id: null, name: "Russian Federation", role: "party_to_conflict", representative: "Mikhail Mizintsev" },
      { id: null, name: "Ukraine", role: "party_to_conflict", representative: "" },
    ]);
    expect(parsed.sources).toEqual([]);
    expect(parsed.title).toEqual({ uk: "", ru: "", en: "Mariupol – Zaporizhzhia humanitarian corridor" });
    expect(parsed.terms).toEqual({ uk: "", ru: "", en: "" });
    expect(parsed).not.toHaveProperty("titleEn");
    expect(agreementFormSchema.parse(valid({ windowStart: "2022-03-26T10:00", windowEnd: "2022-03-26T12:00" })).windowStart.toISOString()).toBe(
      "2022-03-26T08:00:00.000Z",
    );
  });

  it("puts a window that ends before it starts beside the end, together with the other problems", () => {
    expect(errors(agreementFormSchema, valid({ windowEnd: "2022-03-27T09:00" }))).toEqual({ windowEnd: { code: "windowEndBeforeStart", values: {} } });
    expect(errors(agreementFormSchema, valid({ windowEnd: "2022-03-27T10:00" })).windowEnd?.code).toBe("windowEndBeforeStart");
    const many = errors(agreementFormSchema, valid({ windowEnd: "2022-03-27T09:00", titleUk: "x".repeat(201) }));
    expect(Object.keys(many).sort()).toEqual(["titleUk", "windowEnd"]);
    expect(many.titleUk).toEqual({ code: "tooLong", values: { max: 200 } });
  });

  it("refuses a local time the clocks skipped, and says what is missing or malformed", () => {
    expect(errors(agreementFormSchema, valid({ windowStart: "2022-03-27T03:30", windowEnd: "2022-03-27T05:00" }))).toEqual({
      windowStart: { code: "nonexistentLocalTime", values: {} },
    });
    expect(errors(agreementFormSchema, valid({ windowStart: "" })).windowStart?.code).toBe("required");
    expect(errors(agreementFormSchema, valid({ windowStart: "2022-02-30T10:00" })).windowStart?.code).toBe("invalidDateTime");
    // The autumn night's repeated hour is accepted (its second occurrence, +02:00).
    expect(agreementFormSchema.parse(valid({ windowStart: "2022-10-30T03:30", windowEnd: "2022-10-30T05:00" })).windowStart.toISOString()).toBe(
      "2022-10-30T01:30:00.000Z",
    );
  });

  it("needs a title in at least one language, a route and a party; overlong text is refused beside its field", () => {
    const e = errors(agreementFormSchema, valid({ titleEn: " ", routeIds: undefined, parties: { "0": { id: "", name: "", role: "", representative: "" } } }));
    expect(e).toMatchObject({ title: { code: "oneLanguageRequired" }, routeIds: { code: "routesRequired" }, parties: { code: "partiesRequired" } });
    // Any one language is a title: a Ukrainian one alone is saved as such.
    expect(agreementFormSchema.parse(valid({ titleEn: "", titleUk: "Коридор Маріуполь – Запоріжжя" })).title).toEqual({ uk: "Коридор Маріуполь – Запоріжжя", ru: "", en: "" });
    expect(errors(agreementFormSchema, valid({ termsRu: "t".repeat(4001) })).termsRu).toEqual({ code: "tooLong", values: { max: 4000 } });
    expect(errors(agreementFormSchema, valid({ parties: { "0": { id: "", name: "N".repeat(201), role: "broker", representative: "" } } }))["parties.0.name"]?.code).toBe("tooLong");
    expect(errors(agreementFormSchema, valid({ parties: { "0": { id: "", name: "", role: "broker", representative: "OCHA" } } }))["parties.0.name"]?.code).toBe("required");
    expect(errors(agreementFormSchema, valid({ parties: { "0": { id: "", name: "ICRC", role: "", representative: "" } } }))["parties.0.role"]?.code).toBe("invalidChoice");
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [String(i), { id: "", name: `Party ${i}`, role: "observer", representative: "" }]));
    expect(errors(agreementFormSchema, valid({ parties: many })).parties).toEqual({ code: "tooManyParties", values: { max: 20 } });
    expect(errors(agreementFormSchema, valid({ routeIds: ["not-a-uuid"] }))["routeIds.0"]?.code).toBe("invalidChoice");
  });

  it("keeps existing parties' ids on edit and refuses the same id twice", () => {
    const parties = { "0": { id: PARTY.toUpperCase(), name: "Ukraine", role: "party_to_conflict", representative: "" } };
    const parsed = agreementEditSchema.parse(valid({ id: ROUTE, version: "3", parties }));
    expect(parsed.parties[0]!.id).toBe(PARTY);
    expect(parsed.version).toBe(3);
    const twice = { ...parties, "1": { id: PARTY, name: "Ukraine again", role: "guarantor", representative: "" } };
    expect(errors(agreementEditSchema, valid({ id: ROUTE, version: "3", parties: twice })).parties?.code).toBe("invalidChoice");
  });
});

describe("claim form", () => {
  const claim = (over: Record<string, unknown> = {}) => ({
    agreementId: ROUTE,
    partyId: PARTY,
    claimant: "",
    stance: "disputes",
    statement: "Dismissed calls for new humanitarian ceasefires.",
    claimedAt: "2022-05-05T14:00",
    sources: { "0": { kind: "international_media", outlet: "19FortyFive", url: "", publishedAt: "" } },
    ...over,
  });

  it("reads the time in Kyiv and the one source", () => {
    const parsed = claimFormSchema.parse(claim());
    expect(parsed.claimedAt.toISOString()).toBe("2022-05-05T11:00:00.000Z");
    expect(parsed.source).toEqual({ kind: "international_media", outlet: "19FortyFive", url: null, publishedAt: null });
    expect(claimFormSchema.parse(claim({ sources: { "0": { kind: "other", outlet: "", url: "", publishedAt: "" } } })).source).toBeNull();
  });

  it("refuses a missing party or statement, a future time and overlong text", () => {
    expect(errors(claimFormSchema, claim({ partyId: "", statement: "" }))).toMatchObject({ partyId: { code: "invalidChoice" }, statement: { code: "required" } });
    expect(errors(claimFormSchema, claim({ claimedAt: "2099-01-01T10:00" })).claimedAt?.code).toBe("claimedInFuture");
    expect(errors(claimFormSchema, claim({ statement: "s".repeat(2001) })).statement).toEqual({ code: "tooLong", values: { max: 2000 } });
    expect(errors(claimFormSchema, claim({ claimant: "c".repeat(201) })).claimant?.code).toBe("tooLong");
    expect(errors(claimFormSchema, claim({ sources: { "0": { outlet: "A" }, "1": { outlet: "B" } } })).sources?.code).toBe("claimOneSource");
  });
});
