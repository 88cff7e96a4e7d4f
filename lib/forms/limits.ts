// Length limits shared by the zod schemas (server) and the inputs' maxLength (browser), kept
// apart from the schemas so client components do not bundle zod to know a number.
export const NAME_MAX = 100;
export const REASON_MAX = 1000;
export const NOTICE_TEXT_MAX = 1000;
