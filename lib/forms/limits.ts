// Length limits shared by the zod schemas (server) and the inputs' maxLength (browser), kept
// apart from the schemas so client components do not bundle zod to know a number.
export const NAME_MAX = 100;
export const REASON_MAX = 1000;
export const NOTICE_TEXT_MAX = 1000;
export const AGREEMENT_TITLE_MAX = 200;
export const AGREEMENT_TERMS_MAX = 4000;
export const PARTY_NAME_MAX = 200;
export const REPRESENTATIVE_MAX = 300;
export const PARTIES_MAX = 20;
export const CLAIMANT_MAX = 200;
export const CLAIM_STATEMENT_MAX = 2000;
export const INCIDENT_TEXT_MAX = 2000;
export const REVIEW_NOTE_MAX = 2000;
/** Source rows per incident or agreement form. */
export const SOURCES_MAX = 20;
