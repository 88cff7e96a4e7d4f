import type { Db } from "../client";
import { applyAgreementAction, createAgreement } from "../queries/agreements";
import { createUser } from "../queries/users";
import { scenarioId } from "../scenario/ids";
import { inLanguage } from "@/lib/localized-text";

// The coordinators' writes the CAP handler tests need (an agreed corridor window, then withdrawn),
// kept here so the tests beside the public handlers import no staff query (a lint rule keeps them
// out of public code).

/**
 * A corridor window over one route of the demo scenario, agreed at `now` (version 2: created
 * proposed at 1), its window an hour to two hours later; `withdraw` cancels it (version 3).
 */
export async function agreedCorridor(db: Db, { routeKey, title, now }: { routeKey: string; title: string; now: Date }): Promise<{ id: string; withdraw: () => Promise<void> }> {
  const email = `corridor-fixture-${now.getTime()}@example.org`;
  const { id: userId } = await createUser(db, null, { email, password: "a long enough password", role: "coordinator" });
  const user = { id: userId, email, name: "", role: "coordinator" as const, organisation: "" };
  const { id } = await createAgreement(db, user, {
    input: {
      title: inLanguage("en", title),
      routeIds: [scenarioId(`route:${routeKey}`)],
      parties: [],
      windowStart: new Date(now.getTime() + 3_600_000),
      windowEnd: new Date(now.getTime() + 7_200_000),
      terms: inLanguage("en", ""),
      sources: [],
    },
    now,
  });
  await applyAgreementAction(db, user, { id, baseVersion: 1, action: "agree", now });
  return { id, withdraw: async () => void (await applyAgreementAction(db, user, { id, baseVersion: 2, action: "cancel", now })) };
}
