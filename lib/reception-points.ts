// The closed value sets of reception points: where people are received at a destination. Pure,
// so the schema, the forms and every public output name the same values.

/** What a reception point's keeper reports about taking people in. */
export const RECEPTION_STATUSES = ["open", "nearly_full", "full", "closed"] as const;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];

/** What a reception point offers besides a bed, in the order every output lists them. */
export const RECEPTION_SERVICES = ["medical", "pets", "food", "onward_transport"] as const;
export type ReceptionService = (typeof RECEPTION_SERVICES)[number];

/**
 * The kinds of change a reception point's history records; "arrival" is a run counted in there,
 * which lowers the free beds without confirming them.
 */
export const RECEPTION_EVENT_KINDS = ["created", "updated", "confirmed", "arrival"] as const;
export type ReceptionEventKind = (typeof RECEPTION_EVENT_KINDS)[number];

/**
 * Beds are counted by a person, not a sensor: after this long without a confirmation the counts
 * are no longer repeated as current. Shorter than a route's window: beds fill within hours when
 * buses arrive.
 */
export const DEFAULT_RECEPTION_FRESHNESS_HOURS = 3;
export const MAX_BEDS = 100_000;

/** The services in the list's order, each once. */
export function sortedServices(services: readonly string[]): ReceptionService[] {
  return RECEPTION_SERVICES.filter((s) => services.includes(s));
}

/**
 * The free beds after `arrived` people are counted in, `accessible` of them on a wheelchair or
 * stretcher place: never below 0, and the accessible beds never more than the free ones.
 */
export function bedsAfterArrival(
  point: { bedsFree: number; bedsAccessibleFree: number },
  { arrived, accessible }: { arrived: number; accessible: number },
): { bedsFree: number; bedsAccessibleFree: number } {
  const bedsFree = Math.max(0, point.bedsFree - Math.max(0, arrived));
  const needingAccessible = Math.min(Math.max(0, accessible), Math.max(0, arrived));
  const bedsAccessibleFree = Math.min(bedsFree, Math.max(0, point.bedsAccessibleFree - needingAccessible));
  return { bedsFree, bedsAccessibleFree };
}
