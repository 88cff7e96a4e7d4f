import type { AgreementState } from "@/lib/enum-values";

// A corridor agreement's state over time. The database stores only what people decided
// (proposed, agreed, suspended, violated, rejected, cancelled); whether an agreed window is
// upcoming, active or over depends on the clock and is computed here at read time, never stored.

/** What a reader is told about an agreement at one instant. */
export const AGREEMENT_PHASES = [
  "proposed",
  "upcoming",
  "active",
  "expired",
  "suspended",
  "violated",
  "rejected",
  "cancelled",
] as const;
export type AgreementPhase = (typeof AGREEMENT_PHASES)[number];

/** What a coordinator can do to an agreement's stored state. */
export const AGREEMENT_ACTIONS = ["agree", "suspend", "markViolated", "reject", "cancel"] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

export type AgreementWindowFacts = { state: AgreementState; windowStart: Date; windowEnd: Date };

export type AgreementTimeline = {
  phase: AgreementPhase;
  /** Milliseconds until the window opens (upcoming) or closes (active); null in every other phase. */
  timeLeftMs: number | null;
  /** The window's end has passed, whatever the phase says (a violated agreement's window can be over too). */
  windowOver: boolean;
};

/**
 * The phase at `now`. The window is half-open, [start, end): at the start instant it is active,
 * at the end instant it is over.
 *
 * - rejected and cancelled stay so forever: the window never came into force, and calling that
 *   "expired" would hide that it was refused or called off.
 * - violated stays violated after the window too: a breach is the fact that matters about that
 *   window (the claims ledger explains it); `windowOver` still says the window has ended.
 * - proposed, agreed and suspended become "expired" once the window has ended: nothing about them
 *   can still happen.
 * - agreed is "upcoming" before the start and "active" inside the window.
 */
export function agreementPhase(agreement: AgreementWindowFacts, now: Date): AgreementTimeline {
  const t = now.getTime();
  const start = agreement.windowStart.getTime();
  const end = agreement.windowEnd.getTime();
  const windowOver = t >= end;
  switch (agreement.state) {
    case "rejected":
    case "cancelled":
    case "violated":
      return { phase: agreement.state, timeLeftMs: null, windowOver };
    case "proposed":
    case "suspended":
      return { phase: windowOver ? "expired" : agreement.state, timeLeftMs: null, windowOver };
    case "agreed":
      if (windowOver) return { phase: "expired", timeLeftMs: null, windowOver };
      if (t < start) return { phase: "upcoming", timeLeftMs: start - t, windowOver };
      return { phase: "active", timeLeftMs: end - t, windowOver };
  }
}

/**
 * The lifecycle: which stored states each action applies to, and the state it leads to.
 *
 *   agree         proposed | suspended         -> agreed     (resuming after a suspension agrees again)
 *   suspend       agreed                       -> suspended
 *   markViolated  agreed | suspended           -> violated   (a breach during a suspension still counts)
 *   reject        proposed                     -> rejected   (a proposal one side turned down)
 *   cancel        proposed | agreed | suspended -> cancelled (called off before or during the window)
 *
 * violated, rejected and cancelled are final: a renewed corridor is a new agreement with its own
 * window, parties and claims, so the record of the old one stays as it was.
 */
export const AGREEMENT_TRANSITIONS: Record<AgreementAction, { from: readonly AgreementState[]; to: AgreementState }> = {
  agree: { from: ["proposed", "suspended"], to: "agreed" },
  suspend: { from: ["agreed"], to: "suspended" },
  markViolated: { from: ["agreed", "suspended"], to: "violated" },
  reject: { from: ["proposed"], to: "rejected" },
  cancel: { from: ["proposed", "agreed", "suspended"], to: "cancelled" },
};

/** Whether the stored state allows the action. */
export function canApply(state: AgreementState, action: AgreementAction): boolean {
  return AGREEMENT_TRANSITIONS[action].from.includes(state);
}

/**
 * The actions offered for a stored state, in the table's order. The clock does not restrict them:
 * a corridor of 2022 is recorded after the fact (agreed, then violated), and the phase shown stays
 * "expired" or "violated" whatever is recorded once its window is over.
 */
export function allowedActions(state: AgreementState): AgreementAction[] {
  return AGREEMENT_ACTIONS.filter((action) => canApply(state, action));
}
