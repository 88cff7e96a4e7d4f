import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formFieldNames, isZodSchema } from "@/lib/forms/zod-shape";

// Property tests: every zod schema exported from app/**/schemas.ts and lib/** gets arbitrary input
// (any value, objects with its own field names holding garbage, prototype-pollution keys, huge and
// control-character strings, arrays for scalars). safeParse must never throw, must not pollute
// Object.prototype, and a success must be plain data. Schemas are found in the code: a new one
// is covered without an entry here.

const root = path.resolve(__dirname, "..");

function files(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : files(full, keep);
    return keep(full) ? [path.relative(root, full)] : [];
  });
}
const notTest = (f: string) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts");
const schemaFiles = [
  ...files(path.join(root, "app"), (f) => path.basename(f) === "schemas.ts"),
  // lib modules that use zod (the others cannot export a schema).
  ...files(path.join(root, "lib"), (f) => notTest(f) && /from "zod"/.test(fs.readFileSync(f, "utf8"))),
];

// Each run draws new inputs, so every test run explores more; a deeper search on demand with
// PROPERTY_RUNS=1000 (at 150 per schema this file was two thirds of the unit run's time).
const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS) > 0 ? Number(process.env.PROPERTY_RUNS) : 50;

const POLLUTING_KEYS = ["__proto__", "constructor", "prototype", "__proto__.polluted", "constructor.prototype.polluted", "toString", "valueOf", "hasOwnProperty"];

const garbageString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\r\n", "\u202e", "\ud800", "NaN", "Infinity", "-0", "1e309", "0x10", "2022-02-30T25:61", "javascript:alert(1)", "<script>", "' or 1=1 --", "00000000-0000-0000-0000-000000000000"),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => "€".repeat(n)),
  fc.integer({ min: 0, max: 5 }).map((n) => "\u0000\u0007\u001b\u007f".repeat(n * 1000)),
);
const garbageValue = fc.oneof(
  garbageString,
  fc.array(garbageString, { maxLength: 5 }),
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
);

function objectsFor(schema: unknown) {
  const names = formFieldNames(schema);
  // The schema's own keys as nested objects too ("sources.0.url" -> sources: { 0: { url } }).
  const keys = [...new Set(names.flatMap((n) => [n.replace(/\[\]$/, ""), n.split(".")[0]!]))];
  const key = fc.oneof(keys.length ? fc.constantFrom(...keys) : fc.constant("x"), fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 10 }));
  return fc.oneof(
    fc.dictionary(key, garbageValue, { maxKeys: 12 }),
    // JSON parsing is how a "__proto__" own key arrives in practice.
    fc.dictionary(key, fc.oneof(garbageString, fc.array(garbageString, { maxLength: 3 })), { maxKeys: 6 }).map((o) => JSON.parse(`{"__proto__":{"polluted":1},${JSON.stringify(o).slice(1)}`.replace(/,}$/, "}")) as unknown),
    fc.anything({ maxDepth: 3 }),
    garbageValue,
  );
}

/** Plain data: no functions, no prototypes other than the ordinary ones, nothing polluted. */
function assertPlain(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object") {
    expect(typeof value).not.toBe("function");
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  if (value instanceof Date) return;
  const proto = Object.getPrototypeOf(value);
  expect([Object.prototype, Array.prototype, null]).toContain(proto);
  for (const v of Object.values(value)) assertPlain(v, seen);
}

describe("every exported zod schema survives arbitrary input", async () => {
  const schemas: [string, unknown][] = [];
  for (const file of schemaFiles) {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (isZodSchema(value)) schemas.push([`${file}#${name}`, value]);
  }

  it("whole-form refines do not run on input that is no object (regression: they threw)", async () => {
    const { incidentFormSchema } = await import("@/lib/forms/incident-schema");
    const { agreementFormSchema } = await import("@/app/[locale]/coordinate/agreements/schemas");
    for (const input of [null, undefined, "", [], 0]) {
      expect(incidentFormSchema.safeParse(input).success).toBe(false);
      expect(agreementFormSchema.safeParse(input).success).toBe(false);
    }
  });

  it("finds the schemas", () => {
    expect(schemas.length).toBeGreaterThan(15);
    expect(schemas.map(([k]) => k)).toContain("lib/forms/incident-schema.ts#incidentFormSchema");
  });

  it("no form schema reads a locale: actions take the page's language from the request, never from the form", () => {
    const reading = schemas.filter(([name, schema]) => name.startsWith("app/") && formFieldNames(schema).includes("locale")).map(([name]) => name);
    expect(reading).toEqual([]);
  });

  for (const [name, schema] of schemas) {
    it(name, () => {
      if (!isZodSchema(schema)) throw new Error("not a schema");
      fc.assert(
        fc.property(objectsFor(schema), (input) => {
          const result = schema.safeParse(input);
          expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
          if (result.success) assertPlain(result.data);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    }, 60_000);
  }
});
