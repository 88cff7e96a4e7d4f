import type { LocalizedText } from "@/lib/localized-text";
import { routeFreshness, type RouteStatusFacts } from "@/lib/freshness";
import { sortedInstructions, type StatusInstruction } from "@/lib/instruction-codes";

// What a route's line tells a subscriber, reduced to what makes it news: the status as shown
// (an old confirmation reads "unconfirmed"), the reason codes, the coordinator's reason, the
// chosen instructions (only while confirmed, as the line shows them) and the incident flag. Two states with the same key say the same thing, whatever the times in them.
// A change that returns a route to the state a subscriber was last told (closed and reopened
// before the message went out, or flipped back within the minute between messages) is then no
// news, and sends nothing: every SMS costs, and a "change" that repeats the state is noise.

export type RouteToldFacts = RouteStatusFacts & {
  reasonCodes: readonly string[];
  reason: LocalizedText | null;
  instructions: readonly StatusInstruction[];
  flagged: boolean;
};

/** The key of what a route's line says at `at`. */
export function toldStateKey(facts: RouteToldFacts, at: Date): string {
  const reason = facts.reason ?? { uk: "", ru: "", en: "" };
  const freshness = routeFreshness(facts, at);
  // An instant compared as an instant: the same time written with or without milliseconds is the same.
  const instructions = freshness.fresh ? sortedInstructions(facts.instructions).map((i) => (i.at === undefined ? [i.code] : [i.code, new Date(i.at).getTime()])) : [];
  return JSON.stringify([
    freshness.shownStatus,
    [...facts.reasonCodes].sort(),
    [reason.uk.trim(), reason.ru.trim(), reason.en.trim()],
    instructions,
    facts.flagged,
  ]);
}

/**
 * Whether a route's line is news to a recipient: `lastTold` is the key of the state they were
 * last told, or knew before the change (undefined when that is not known, which is always news).
 */
export function isNews(current: string, lastTold: string | undefined): boolean {
  return lastTold === undefined || current !== lastTold;
}

/** The state before a change as the outbox trigger records it (the row's old values, as JSON). */
export type RecordedRouteState = {
  status: RouteStatusFacts["status"];
  statusConfirmedAt: string | null;
  freshnessWindowHours: number;
  reasonCodes: string[] | null;
  reason: LocalizedText | null;
  /** Absent from rows recorded before the trigger carried them: read as none. */
  instructions?: StatusInstruction[] | null | undefined;
  flagged: boolean;
};

/** The key of a recorded state, as it read at the moment of the change. */
export function recordedStateKey(state: RecordedRouteState, at: Date): string {
  return toldStateKey(
    {
      status: state.status,
      statusConfirmedAt: state.statusConfirmedAt ? new Date(state.statusConfirmedAt) : null,
      freshnessWindowHours: state.freshnessWindowHours,
      reasonCodes: state.reasonCodes ?? [],
      reason: state.reason,
      instructions: state.instructions ?? [],
      flagged: state.flagged,
    },
    at,
  );
}
