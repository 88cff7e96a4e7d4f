import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AccessResult } from "@/lib/session-user";

// Every server action is a public endpoint. This test finds every exported action in the app's
// actions.ts files (so a new action is covered without editing this file) and calls each one as
// callers who must be refused: nobody signed in, a signed-out session, a disabled account. Each
// must answer with the access refusal and never open the database.

const access = vi.hoisted(() => ({ result: { ok: false, reason: "unauthenticated" } as AccessResult }));
vi.mock("@/auth/require-user", () => ({
  getAccess: vi.fn(async () => access.result),
  requireUser: vi.fn(),
  readSessionClaims: vi.fn(async () => null),
}));
const database = vi.hoisted(() => ({ opened: 0 }));
vi.mock("@/db", () => ({
  getDb: vi.fn(async () => {
    database.opened++;
    throw new Error("the database must not be reached by a refused caller");
  }),
}));

/** Actions that are deliberately open: signing in and out are how a session starts and ends. */
const PUBLIC_ACTIONS = new Set(["app/[locale]/login/actions.ts#loginAction", "app/[locale]/login/actions.ts#signOutAction"]);

function actionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    return entry.name === "actions.ts" ? [full] : [];
  });
}

const root = path.resolve(__dirname, "..");
const files = actionFiles(path.join(root, "app")).map((f) => path.relative(root, f));

describe("every server action refuses callers without a valid coordinator session", () => {
  beforeEach(() => {
    database.opened = 0;
  });

  it("finds the workspace's actions", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file}: each exported action refuses and writes nothing`, async () => {
      // Read from the source, so a file holding only the public sign-in actions (which need
      // Auth.js's runtime) is checked without importing it.
      const exported = [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/export async function (\w+)/g)].map((m) => m[1]!);
      expect(exported.length).toBeGreaterThan(0);
      const guarded = exported.filter((name) => !PUBLIC_ACTIONS.has(`${file}#${name}`));
      if (guarded.length === 0) return;
      const actionsModule = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const name of guarded) {
        const action = actionsModule[name];
        expect(typeof action, name).toBe("function");
        for (const reason of ["unauthenticated", "revoked", "disabled"] as const) {
          access.result = { ok: false, reason };
          const form = new FormData();
          form.set("locale", "en");
          const state = await (action as (prev: unknown, data: FormData) => Promise<unknown>)({ status: "idle" }, form);
          expect(state, `${name} as ${reason}`).toMatchObject({ status: "invalid", formError: { code: `access_${reason}` } });
        }
      }
      expect(database.opened).toBe(0);
    });
  }
});
