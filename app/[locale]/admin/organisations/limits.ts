// Shared by the schemas (server) and the character counts beside the inputs (browser), without bundling zod.
export const ORGANISATION_SHORT_NAME_MAX = 80;
export const ORGANISATION_NAME_MAX = 200;
export const ORGANISATION_CONTACT_MAX = 300;
