// Shared by the schemas (server) and the character counts beside the inputs (browser), without bundling zod.
export { NAME_MAX } from "@/lib/forms/limits";
export const ACCOUNT_EMAIL_MAX = 320;
