import { z } from "zod";
import { CLAIM_STANCES, PARTY_ROLES } from "@/db/schema/enums";
import { MAX_CLOCK_SKEW_MS } from "@/lib/freshness";
import { indexedList } from "@/lib/forms/form-data";
import { AGREEMENT_TERMS_MAX, AGREEMENT_TITLE_MAX, CLAIM_STATEMENT_MAX, CLAIMANT_MAX, PARTIES_MAX, PARTY_NAME_MAX, REPRESENTATIVE_MAX } from "@/lib/forms/limits";
import { sourcesField } from "@/lib/forms/source-fields";
import { joinLocalizedTexts, kyivDateTime, localizedTextFields, oneLanguageRequired, oneOf, text, uuid, version, whenFieldsValid } from "@/lib/forms/zod-fields";

const isBlankParty = (row: unknown) =>
  typeof row === "object" && row !== null && ["name", "representative"].every((k) => !String((row as Record<string, unknown>)[k] ?? "").trim());

const partyRow = z.object({
  /** Hidden: an existing party's id, so an edit keeps it (and its claims) rather than replacing it. */
  id: z.preprocess((v) => (v === "" || v === undefined ? null : v), uuid.nullable()),
  name: text(PARTY_NAME_MAX),
  role: oneOf(PARTY_ROLES),
  representative: text(REPRESENTATIVE_MAX, { optional: true }).default(""),
});

/**
 * The repeatable "parties.N.*" rows: a row whose name and representative are both blank is
 * dropped (the form shows a spare row; clearing a row removes that party), then 1 to PARTIES_MAX.
 */
const partiesField = z.preprocess(
  (value) => {
    const list = indexedList(value ?? []);
    return Array.isArray(list) ? list.map((row) => (isBlankParty(row) ? null : row)) : list;
  },
  z
    .array(partyRow.nullable(), { error: "invalidChoice" })
    .transform((rows) => rows.filter((row) => row !== null))
    .refine((rows) => rows.length >= 1, { error: "partiesRequired" })
    .refine((rows) => rows.length <= PARTIES_MAX, { error: "tooManyParties", params: { max: PARTIES_MAX } })
    .refine((rows) => {
      const ids = rows.flatMap((row) => (row.id ? [row.id] : []));
      return new Set(ids).size === ids.length;
    }, { error: "invalidChoice" }),
);

/** The "routeIds[]" checkboxes: at least one route, each an id (duplicates collapse). */
const routeIdsField = z
  .array(uuid, { error: "invalidChoice" })
  .default([])
  .transform((ids) => [...new Set(ids)])
  .refine((ids) => ids.length >= 1, { error: "routesRequired" });

const agreementFields = z.object({
  ...localizedTextFields("title", AGREEMENT_TITLE_MAX),
  routeIds: routeIdsField,
  parties: partiesField,
  windowStart: kyivDateTime(),
  windowEnd: kyivDateTime(),
  ...localizedTextFields("terms", AGREEMENT_TERMS_MAX),
  sources: sourcesField(0),
});

const windowInOrder = (v: { windowStart: Date; windowEnd: Date }) => v.windowEnd.getTime() > v.windowStart.getTime();
/** Beside the end field, together with every other problem on the first submit. */
const windowOrderError = () => ({ path: ["windowEnd"], error: "windowEndBeforeStart", ...whenFieldsValid("windowStart", "windowEnd") });

/** A title in at least one language (the list, the route page and CAP alerts name it); terms optional. */
const withAgreementRules = <T extends z.ZodType<z.output<typeof agreementFields>>>(schema: T) =>
  schema
    .refine(windowInOrder, windowOrderError())
    .refine(...oneLanguageRequired("title"))
    .transform(joinLocalizedTexts("title", "terms"));

export const agreementFormSchema = withAgreementRules(agreementFields);
export const agreementEditSchema = withAgreementRules(agreementFields.extend({ id: uuid, version }));

/** A lifecycle button: which agreement, and the version the coordinator saw. */
export const agreementActionSchema = z.object({ id: uuid, version });

/** One statement for the claims ledger, with at most one source. */
export const claimFormSchema = z
  .object({
    agreementId: uuid,
    partyId: uuid,
    claimant: text(CLAIMANT_MAX, { optional: true }),
    stance: oneOf(CLAIM_STANCES),
    statement: text(CLAIM_STATEMENT_MAX),
    // A statement is reported after it was made; a time ahead of now is a typo in the date.
    claimedAt: kyivDateTime().refine((at) => at.getTime() <= Date.now() + MAX_CLOCK_SKEW_MS, { error: "claimedInFuture" }),
    sources: sourcesField(0).refine((rows) => rows.length <= 1, { error: "claimOneSource" }),
  })
  .transform(({ sources, ...claim }) => ({ ...claim, source: sources[0] ?? null }));
