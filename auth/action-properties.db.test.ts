import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import * as enumValues from "@/lib/enum-values";
import { checkSessionAccess, createUser } from "@/db/queries/users";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { formFieldNames, isZodSchema } from "@/lib/forms/zod-shape";
import type { SessionClaims } from "@/lib/session-user";

// Property tests of every server action: arbitrary FormData (garbage, the real field names with
// garbage or real-looking values, prototype-pollution keys, huge values, control characters,
// repeated scalars) from a signed-in admin, against a real seeded database. An action must never
// throw (Next's redirect aside), and when it answers with an error state nothing may have been
// written. The actions are found in the code, like the authorization matrix does.

const state = vi.hoisted(() => ({ db: null as unknown as Db, claims: null as SessionClaims | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db }));
// next-auth itself does not load outside Next (it imports next/server); its error classes suffice.
const authErrors = vi.hoisted(() => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = "credentials";
  }
  return { AuthError, CredentialsSignin };
});
vi.mock("next-auth", () => authErrors);
const checkSessionAccessRef = vi.hoisted(() => ({ current: null as null | typeof import("@/db/queries/users").checkSessionAccess }));
const guards = vi.hoisted(() => ({
  getAccess: (role?: "admin" | "coordinator") => checkSessionAccessRef.current!(state.db, state.claims, role),
  readSessionClaims: async () => state.claims,
  requireUser: () => {
    throw new Error("pages are not under test here");
  },
  // Sign-in and sign-out themselves are Auth.js's (tested end to end): a refused sign-in, and
  // the redirect a sign-out ends with.
  signIn: async () => {
    throw new authErrors.CredentialsSignin();
  },
  signOut: async ({ redirectTo }: { redirectTo: string }) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${redirectTo};307;` });
  },
}));
vi.mock("@/auth/require-user", () => guards);
vi.mock("@/auth", () => guards);
// The page's language, as next-intl's proxy reads it from the path an action was posted to. A
// "locale" form field is a forgery here (the forms send none): every redirect must keep "ru".
vi.mock("next-intl/server", () => ({ getLocale: async () => "ru", getTranslations: async () => (key: string) => key }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {} }));

const root = path.resolve(__dirname, "..");
const RUNS = Number(process.env.PROPERTY_RUNS ?? 50);

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return entry.name === name ? [path.relative(root, full)] : [];
  });
}
const actionFiles = filesNamed(path.join(root, "app"), "actions.ts");
const foundActions = actionFiles.flatMap((file) =>
  [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/export async function (\w+)/g)].map((m) => `${file}#${m[1]!}`),
);

function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
}

/** Per table, the row count and the newest row version (xmin): any insert, update or delete changes it. */
let fingerprintQuery = "";
async function fingerprint(db: Db): Promise<string> {
  if (!fingerprintQuery) {
    const tables = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`));
    fingerprintQuery = tables
      .map(({ table_name }) => `select '${String(table_name)}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as f from "${String(table_name)}"`)
      .join(" union all ");
  }
  return rowsOf(await db.execute(sql.raw(fingerprintQuery)))
    .map((r) => `${String(r.t)}=${String(r.f)}`)
    .join(",");
}

const isRedirect = (error: unknown) => typeof (error as { digest?: unknown })?.digest === "string" && (error as { digest: string }).digest.startsWith("NEXT_REDIRECT");
/** Where a redirect goes: the third field of Next's "NEXT_REDIRECT;type;url;status;" digest. */
const redirectTarget = (error: unknown) => (error as { digest: string }).digest.split(";")[2];
/** An answer that says "refused": nothing may have been written. */
const isErrorState = (outcome: unknown) => {
  if (typeof outcome !== "object" || outcome === null) return false;
  const o = outcome as { status?: unknown; error?: unknown };
  return o.status === "invalid" || o.status === "conflict" || (typeof o.error === "string" && o.error !== "");
};

let t: TestDb;
let fieldNames: string[] = [];
let plausible: [RegExp, string[]][] = [];

beforeAll(async () => {
  checkSessionAccessRef.current = checkSessionAccess;
  t = await createTestDb();
  state.db = t.db;
  await seedScenario(t.db);
  const email = "properties-admin@example.org";
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role: "admin" });
  state.claims = { userId: id, sessionId: crypto.randomUUID(), authTime: Date.now() };
  // Every field name any form schema reads, and values that get past the first checks (existing
  // ids, enum words, versions, dates), so the actions are exercised beyond "malformed".
  const names = new Set<string>(["id", "version"]);
  for (const file of filesNamed(path.join(root, "app"), "schemas.ts")) {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (isZodSchema(value)) for (const n of formFieldNames(value)) names.add(n);
  }
  fieldNames = [...names];
  const idsOf = async (table: string) => rowsOf(await t.db.execute(sql.raw(`select id::text as id from "${table}" order by id limit 4`))).map((r) => String(r.id));
  const [towns, oblasts, routes, agreements, incidents, users, notices, parties] = (await Promise.all(
    ["towns", "oblasts", "routes", "corridor_agreements", "incidents", "users", "area_notices", "agreement_parties"].map(idsOf),
  )) as [string[], string[], string[], string[], string[], string[], string[], string[]];
  const allIds = [towns, oblasts, routes, agreements, incidents, users, notices, parties].flat();
  const enums = Object.values(enumValues).filter(Array.isArray).flat() as string[];
  const dates = ["2022-04-18T09:00", "2022-04-20T08:00", "2022-04-20T18:00", "2030-01-01T00:00"];
  // Values that get past the first checks, by field name, so the actions are exercised beyond "malformed".
  plausible = [
    [/^(townId|originTownId|destinationTownId)$/, towns],
    [/^oblastId$/, oblasts],
    [/^routeIds?(\[\])?$/, routes],
    [/^agreementIds?(\[\])?$/, agreements],
    [/partyId|parties\.0\.id/, parties],
    [/^id$/, allIds],
    [/version/, ["1", "2", "3"]],
    [/At$|window/, dates],
    [/^lat$/, ["49.5", "91"]],
    [/^lon$/, ["36.5", "181"]],
    [/waypoints/, ["49.5, 36.5\n49.6, 36.6", "49.5, 36.5"]],
    [/email/, [email, "new@example.org"]],
    [/password/, ["a long enough password"]],
    [/target/, [...towns, ...oblasts].flatMap((id) => [`town:${id}`, `oblast:${id}`])],
    [/url/i, ["https://example.org/a", "javascript:alert(1)"]],
    [/^locale$/, ["en", "uk", "xx"]],
    [/^/, [...enums, "1", "0", "-1", "Some text", ...incidents]],
  ];
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

const garbage = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "\r\n\t", "\u202e", "\ud800", "NaN", "1e309", "-0", "99999999999999999999", "2022-02-30T25:61", "<script>alert(1)</script>", "' or 1=1 --"),
  fc.integer({ min: 1, max: 60 }).map((n) => "€".repeat(n * 1000)),
  fc.integer({ min: 1, max: 5 }).map((n) => "\u0000\u0007\u001b".repeat(n * 1000)),
);

function formArbitrary() {
  const valueFor = (field: string) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plausible.find(([re]) => re.test(field))![1]) }, { weight: 1, arbitrary: garbage });
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fieldNames) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "__proto__.polluted", "constructor.prototype.polluted", "sources.__proto__.x", "sources.99999999.url", "routeIds[]", "prototype[]", "$ACTION_ID_x", "locale") },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  // Repeated names: arrays where a scalar is expected, and the other way round.
  const entries = fc.array(
    name.chain((n) => fc.tuple(fc.constant(n), fc.array(valueFor(n), { minLength: 1, maxLength: 3 }))),
    { maxLength: 25 },
  );
  // Sometimes every real field, each with something, so validation gets further than "missing".
  const full = fc.tuple(...fieldNames.map((n) => valueFor(n).map((v) => [n, [v]] as [string, string[]])));
  return fc.oneof(entries, full, fc.tuple(full, entries).map(([a, b]) => [...a, ...b]));
}

describe("server actions survive arbitrary form data", () => {
  it("finds the actions", () => {
    expect(foundActions.length).toBeGreaterThan(20);
  });

  for (const key of foundActions) {
    it(key, async () => {
      const [file, name] = key.split("#") as [string, string];
      const action = ((await import(/* @vite-ignore */ path.join(root, file))) as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
      // Actions of one argument take the form only (sign-out); the others (state, form).
      const call = (form: FormData) => (action.length === 1 ? action(form) : action({ status: "idle" }, form));
      await fc.assert(
        fc.asyncProperty(formArbitrary(), async (entries) => {
          const form = new FormData();
          for (const [k, values] of entries) for (const v of values) form.append(k, v);
          const before = await fingerprint(t.db);
          let outcome: unknown;
          try {
            outcome = await call(form);
          } catch (error) {
            if (!isRedirect(error)) throw error;
            expect(redirectTarget(error), "a redirect in the page's language, whatever the form said").toMatch(/^\/ru([/?#]|$)/);
            outcome = "redirected";
          }
          expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
          if (isErrorState(outcome)) expect(await fingerprint(t.db), `wrote while answering ${JSON.stringify(outcome).slice(0, 300)}`).toBe(before);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }
});
