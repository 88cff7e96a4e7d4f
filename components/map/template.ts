/**
 * Fills "{name}" placeholders. Labels arrive as plain strings (functions cannot cross from a
 * server page to a client component), so numbers are put in here. A page gets such a string from
 * next-intl with `t.raw("key")`, or `t("key", { n: "{n}" })` to keep the placeholder.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}
