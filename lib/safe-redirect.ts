/**
 * A post-sign-in destination from user input, accepted only as a same-site path so a crafted
 * link cannot send a coordinator to another site after they sign in.
 */
export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}
