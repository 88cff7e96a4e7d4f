import { handlers } from "@/auth";
import { AUTH_BODY_LIMIT_BYTES, withBodyLimit } from "@/server/security/body-limit";

export const { GET } = handlers;
// Route handlers have no body limit of their own: refuse an oversized sign-in post before parsing.
export const POST = withBodyLimit(handlers.POST, AUTH_BODY_LIMIT_BYTES);
