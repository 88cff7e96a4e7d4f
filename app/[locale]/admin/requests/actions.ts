"use server";

import { runFormAction } from "@/auth/form-action";
import { purgeTownTransportRequests } from "@/db/queries/transport-requests";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { purgeTownSchema } from "./schemas";

/**
 * The emergency purge: admins only (runFormAction checks the role against the database, the query
 * again), the slug typed twice, one audit row in the purge's transaction. The town's public count
 * drops with it.
 */
export async function purgeTownTransportRequestsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: purgeTownSchema,
    write: (db, user, { townSlug, confirmTownSlug }) => purgeTownTransportRequests(db, user, { townSlug, confirmTownSlug }).then(({ purged }) => ({ townSlug, purged })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/admin/requests?purged=${outcome.result.purged}&town=${encodeURIComponent(outcome.result.townSlug)}`);
}
