/** Field-level change record for every edit and review action on an incident. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Values compared as JSON (dates as ISO text, lists in their given order). */
const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * Which fields an edit changed, with their old and new values: an incident revision records
 * exactly this, so a reviewer sees what moved (a casualty count, the place, a source).
 */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after)) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (comparable(from) !== comparable(to)) {
      changes[key] = { from: from instanceof Date ? from.toISOString() : from, to: to instanceof Date ? to.toISOString() : to };
    }
  }
  return changes;
}
