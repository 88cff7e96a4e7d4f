import "server-only";
import { revalidatePath } from "next/cache";
import { publicCacheHooks } from "./public-cache/hooks";

/**
 * After any write residents can see (a status, a route, a town name, a notice): drop cached
 * renders of every page under the locale layout, so no page keeps showing the old facts.
 */
export function revalidatePublicPages(): void {
  revalidatePath("/[locale]", "layout");
  // The response cache in front of Next (other instances notice through the database's version).
  publicCacheHooks().invalidate?.();
}
