// Reading a zod 4 schema's structure, for the property tests (lib/schema-properties.test.ts,
// auth/action-properties.db.test.ts): which exports are schemas, and the form field names a schema reads.

type Def = {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
  options?: unknown[];
  left?: unknown;
  right?: unknown;
};
type ZodLike = { _zod: { def: Def }; safeParse: (input: unknown) => { success: boolean; data?: unknown; error?: unknown } };

export function isZodSchema(value: unknown): value is ZodLike {
  return typeof value === "object" && value !== null && "_zod" in value && typeof (value as { safeParse?: unknown }).safeParse === "function";
}

const defOf = (schema: unknown): Def | null => (isZodSchema(schema) ? schema._zod.def : null);

/** The schemas a wrapper stands for (optional, default, pipe, union, ...): what it finally reads. */
function inner(schema: unknown, depth = 0): unknown[] {
  const def = defOf(schema);
  if (!def || depth > 20) return [];
  const next = [def.innerType, def.in, def.out, def.left, def.right, ...(def.options ?? [])].filter(isZodSchema);
  return next.length === 0 ? [schema] : next.flatMap((s) => inner(s, depth + 1));
}

/**
 * The names of the form fields a schema reads, as a form would post them (lib/forms/form-data.ts):
 * "name", "group.0.field" for repeatable groups, "list[]" for repeated values.
 */
export function formFieldNames(schema: unknown, prefix = "", depth = 0): string[] {
  if (depth > 6) return [];
  const names = new Set<string>();
  for (const s of inner(schema)) {
    const def = defOf(s)!;
    if (def.type === "object" && def.shape) {
      for (const [key, value] of Object.entries(def.shape)) {
        const name = prefix ? `${prefix}.${key}` : key;
        const targets = inner(value);
        const objects = targets.filter((t) => defOf(t)?.type === "object");
        const arrays = targets.filter((t) => defOf(t)?.type === "array");
        if (objects.length) for (const n of formFieldNames(value, name, depth + 1)) names.add(n);
        for (const a of arrays) {
          const element = inner(defOf(a)!.element);
          if (element.some((e) => defOf(e)?.type === "object")) for (const n of formFieldNames(defOf(a)!.element, `${name}.0`, depth + 1)) names.add(n);
          else names.add(`${name}[]`);
        }
        if (!objects.length && !arrays.length) names.add(name);
      }
    }
  }
  return [...names];
}
