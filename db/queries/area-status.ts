import "server-only";
import type { StatusInstruction } from "@/lib/instruction-codes";
import { asc, eq, inArray, or } from "drizzle-orm";
import type { RouteStatus, StatusReasonCode } from "@/db/schema/enums";
import type { LocalizedName } from "@/lib/localized-name";
import { EMPTY_LOCALIZED_TEXT, type LocalizedText } from "@/lib/localized-text";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { destinationTown, originTown, placeNameColumns, withRouteTowns } from "../public/columns";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { writeStatus } from "./route-status";
import { NotFoundError } from "./write-errors";

export type AreaStatusInput = {
  townId: string;
  /** Every route out of the town as the form showed it, with the version it showed. */
  seen: Array<{ routeId: string; baseVersion: number }>;
  now?: Date;
} & (
  | { kind: "update"; status: RouteStatus; reasonCodes: StatusReasonCode[]; reason: LocalizedText; instructions?: StatusInstruction[] }
  /** Re-confirms each route's own status and reason, unchanged. */
  | { kind: "confirm" }
);

export type AreaRoute = { routeId: string; slug: string; origin: LocalizedName; destination: LocalizedName };

export type AreaStatusResult = {
  saved: AreaRoute[];
  /**
   * Not written, by name: "changed" since the form was shown (another status, or moved to
   * another town), or "unseen" (a route out of the town that the form did not show).
   */
  refused: Array<AreaRoute & { why: "changed" | "unseen" }>;
};

/**
 * One status (or "confirm unchanged") for every route out of a town, from one form. Each route
 * gets its own versioned event and audit row, exactly as if it had been set alone.
 *
 * One transaction for the whole town, not one per route: the outbox rows the triggers add then
 * commit together, so the relay finds them in one batch and a subscriber of the town gets one
 * message for the whole action (one transaction per route could let the relay deliver the first
 * route before the second committed: two messages). A route changed since the form was shown is
 * not an error that undoes the rest: it is left as it is and named in the result, and the others
 * are saved. Any other failure undoes all, so a town is never left half-closed without the
 * coordinator knowing which routes.
 */
export async function setTownRoutesStatus(db: Db, actor: SessionUser | null, input: AreaStatusInput): Promise<AreaStatusResult> {
  assertRole(actor, "coordinator");
  const now = input.now ?? new Date();
  const seen = new Map(input.seen.map((s) => [s.routeId, s.baseVersion]));
  return db.transaction(async (tx) => {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.id, input.townId));
    if (!town) throw new NotFoundError("town");
    // Rows alone, locked in id order: two area actions over overlapping routes wait for each other
    // instead of deadlocking. A seen route moved to another town is locked too, to be refused.
    const seenIds = [...seen.keys()];
    const locked = await tx
      .select()
      .from(routes)
      .where(seenIds.length > 0 ? or(eq(routes.originTownId, town.id), inArray(routes.id, seenIds)) : eq(routes.originTownId, town.id))
      .orderBy(asc(routes.id))
      .for("update");
    const names = await routeNames(tx, locked.map((r) => r.id));
    const result: AreaStatusResult = { saved: [], refused: [] };
    for (const before of locked) {
      const named = names.get(before.id)!;
      const baseVersion = seen.get(before.id);
      if (baseVersion === undefined) {
        result.refused.push({ ...named, why: "unseen" });
        continue;
      }
      if (before.version !== baseVersion || before.originTownId !== town.id) {
        result.refused.push({ ...named, why: "changed" });
        continue;
      }
      await writeStatus(
        tx,
        actor,
        before,
        input.kind === "update"
          ? { kind: "update", status: input.status, reasonCodes: input.reasonCodes, reason: input.reason, instructions: input.instructions ?? [], source: null, now, area: { townId: town.id } }
          : { kind: "confirm", status: before.status, reasonCodes: [], reason: EMPTY_LOCALIZED_TEXT, source: null, now, area: { townId: town.id } },
      );
      result.saved.push(named);
    }
    return result;
  });
}

async function routeNames(tx: Pick<Db, "select">, ids: string[]): Promise<Map<string, AreaRoute>> {
  if (ids.length === 0) return new Map();
  const rows = await withRouteTowns(tx
    .select({ routeId: routes.id, slug: routes.slug, origin: placeNameColumns(originTown), destination: placeNameColumns(destinationTown) })
    .from(routes)
    .$dynamic())
    .where(inArray(routes.id, ids));
  return new Map(rows.map((r) => [r.routeId, r]));
}
