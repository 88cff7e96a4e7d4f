import type { FormState } from "@/lib/forms/form-state";
import type { LocalizedName } from "@/lib/localized-name";

/** A route named by both ends: a refused route may leave another town than the form's. */
type NamedRoute = { slug: string; origin: LocalizedName; destination: LocalizedName };

/**
 * What an area form's action answers: the usual refusals (bad input, no access), or what was
 * saved and which routes were refused by name (changed since the form was shown, or not shown).
 */
export type AreaFormState =
  | FormState
  | { status: "area"; kind: "update" | "confirm"; saved: NamedRoute[]; refused: Array<NamedRoute & { why: "changed" | "unseen" }>; at: number };
