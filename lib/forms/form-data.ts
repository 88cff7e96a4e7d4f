/**
 * FormData as the object a zod schema reads. Plain names stay flat; "sources.0.outlet" becomes
 * { sources: [{ outlet }] } (repeatable groups of fields); "routeIds[]" collects every value of a
 * repeated field (checkboxes), which Object.fromEntries would reduce to the last one.
 */
const UNSAFE_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);

export function formDataToObject(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      if (UNSAFE_SEGMENTS.has(name)) continue;
      const list = Array.isArray(result[name]) ? (result[name] as unknown[]) : [];
      list.push(value);
      result[name] = list;
      continue;
    }
    const path = key.split(".");
    // A forged "__proto__.x" must not reach Object.prototype.
    if (path.some((segment) => UNSAFE_SEGMENTS.has(segment))) continue;
    let node: Record<string, unknown> = result;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i]!;
      // Kept as object keys: indexedList turns only small indexes into a list, so a forged
      // "sources.99999999.outlet" never allocates a huge array.
      const next = node[segment];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return result;
}

/** { "0": a, "1": b } (what formDataToObject makes of indexed groups) as [a, b], in index order. */
export function indexedList(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([k]) => /^\d{1,3}$/.test(k))) return value;
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
}
