// Length limits shared by the zod schemas (server) and the character counts beside the inputs
// (browser), kept apart from the schemas so client components do not bundle zod to know a number.
// The browser never enforces them with maxLength: that cuts a pasted text silently. The count
// shows the limit, and the server refuses a longer text beside its field with the text kept.
export const NAME_MAX = 100;
/** The same as lib/slug.ts SLUG_MAX_LENGTH (checked by limits.test.ts), without bundling slugify. */
export const SLUG_MAX = 80;
export const PCODE_MAX = 20;
export const ALIASES_MAX_CHARACTERS = 4000;
/** Each language of a status's free-text detail. */
export const REASON_MAX = 1000;
export const NOTICE_TEXT_MAX = 1000;
export const ASSEMBLY_POINT_MAX = 500;
export const SCHEDULE_MAX = 500;
export const ORGANISATION_MAX = 200;
export const SOURCE_OUTLET_MAX = 200;
export const AGREEMENT_TITLE_MAX = 200;
export const AGREEMENT_TERMS_MAX = 4000;
export const PARTY_NAME_MAX = 200;
export const REPRESENTATIVE_MAX = 300;
export const PARTIES_MAX = 20;
export const CLAIMANT_MAX = 200;
export const CLAIM_STATEMENT_MAX = 2000;
export const INCIDENT_TEXT_MAX = 2000;
export const INCIDENT_INTERNAL_MAX = INCIDENT_TEXT_MAX * 4;
export const REVIEW_NOTE_MAX = 2000;
/** Source rows per incident or agreement form. */
export const SOURCES_MAX = 20;

/**
 * Casualties of one incident. Above CASUALTIES_CONFIRM_ABOVE the form asks the coordinator to
 * confirm the figure (an extra zero, or a whole town's toll typed as one incident's, would be
 * published as fact); above CASUALTIES_MAX it is refused as out of range.
 */
export const CASUALTIES_CONFIRM_ABOVE = 1000;
export const CASUALTIES_MAX = 100_000;

/** A transport request phoned in to the hotline. */
export const REQUEST_NAME_MAX = 200;
export const REQUEST_ADDRESS_MAX = 500;
export const REQUEST_MEDICAL_NOTE_MAX = 300;
export const REQUEST_TELEGRAM_MAX = 40;
export const REQUEST_REASON_MAX = 300;
export const RECEPTION_NAME_MAX = 200;
export const RECEPTION_ADDRESS_MAX = 300;
