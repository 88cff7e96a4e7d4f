import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config-error";
import { readEnv } from "@/env";
import { resolveDbConfig } from "./config";

describe("resolveDbConfig", () => {
  it("uses the embedded database in .data/pglite by default, or PGLITE_DIR", () => {
    expect(resolveDbConfig({})).toEqual({ driver: "pglite", dir: path.resolve(".data/pglite") });
    expect(resolveDbConfig({ PGLITE_DIR: "/tmp/x" })).toEqual({ driver: "pglite", dir: "/tmp/x" });
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(resolveDbConfig({ DATABASE_URL: "postgres://u:secret@db.internal:6543/corridor" })).toMatchObject({
      driver: "postgres",
      host: "db.internal",
      port: 6543,
      database: "corridor",
    });
  });

  it.each([
    ["not a url", /not a valid URL/],
    ["mysql://u@localhost/db", /must start with postgres:\/\//],
    ["postgres://localhost", /names no database/],
    ["postgres://localhost/", /names no database/],
  ])("refuses %s with one line that says what to do", (url, message) => {
    let error: unknown;
    try {
      resolveDbConfig({ DATABASE_URL: url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/unset DATABASE_URL/);
    expect((error as Error).message).not.toContain("\n");
  });

  it("never echoes the password in its messages", () => {
    try {
      resolveDbConfig({ DATABASE_URL: "mysql://user:hunter2@localhost/db" });
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });

  describe("DATABASE_OWNER_URL", () => {
    it("is the owner's URL beside the app's, and unset means one role as before", () => {
      const app = "postgres://corridor_app:a@db.internal:5432/corridor";
      const owner = "postgres://corridor_owner:o@db.internal:5432/corridor";
      expect(resolveDbConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: owner })).toMatchObject({ url: app, ownerUrl: owner });
      expect(resolveDbConfig({ DATABASE_URL: app })).not.toHaveProperty("ownerUrl");
      expect(resolveDbConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: "  " })).not.toHaveProperty("ownerUrl");
    });

    it("refuses an owner URL without DATABASE_URL: the embedded database has no roles", () => {
      expect(() => resolveDbConfig({ DATABASE_OWNER_URL: "postgres://o@localhost/corridor" })).toThrow(ConfigError);
      expect(() => resolveDbConfig({ DATABASE_OWNER_URL: "postgres://o@localhost/corridor" })).toThrow(/DATABASE_URL is not/);
    });

    it.each([
      ["not a url", /DATABASE_OWNER_URL is not a valid URL/],
      ["mysql://o:hunter2@localhost/db", /DATABASE_OWNER_URL must start with postgres:\/\//],
      ["postgres://o:hunter2@localhost", /DATABASE_OWNER_URL names no database/],
    ])("refuses a malformed owner URL %s in one line naming the variable, never its password", (owner, message) => {
      let error: unknown;
      try {
        resolveDbConfig({ DATABASE_URL: "postgres://a@localhost/corridor", DATABASE_OWNER_URL: owner });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/unset DATABASE_OWNER_URL/);
      expect((error as Error).message).not.toContain("hunter2");
      expect((error as Error).message).not.toContain("\n");
    });
  });

  describe("DATABASE_ONE_ROLE", () => {
    const app = "postgres://corridor:a@localhost:5432/corridor";

    it("turns on the one-role setup only with its one word, and is not there otherwise", () => {
      expect(resolveDbConfig({ DATABASE_URL: app, DATABASE_ONE_ROLE: "unprotected-audit-log" })).toMatchObject({ oneRole: true });
      expect(resolveDbConfig({ DATABASE_URL: app })).not.toHaveProperty("oneRole");
      expect(resolveDbConfig({ DATABASE_URL: app, DATABASE_ONE_ROLE: " " })).not.toHaveProperty("oneRole");
    });

    it.each(["1", "true", "yes", "UNPROTECTED-AUDIT-LOG"])("refuses %s in one line that names the one accepted value", (value) => {
      expect(() => resolveDbConfig({ DATABASE_URL: app, DATABASE_ONE_ROLE: value })).toThrow(ConfigError);
      expect(() => resolveDbConfig({ DATABASE_URL: app, DATABASE_ONE_ROLE: value })).toThrow(/DATABASE_ONE_ROLE must be "unprotected-audit-log"/);
      expect(() => readEnv({ DATABASE_URL: app, DATABASE_ONE_ROLE: value })).toThrow(/DATABASE_ONE_ROLE must be "unprotected-audit-log" or unset/);
    });

    it("refuses it beside DATABASE_OWNER_URL: the two say opposite things", () => {
      const owner = "postgres://corridor_owner:o@localhost:5432/corridor";
      expect(() => resolveDbConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: owner, DATABASE_ONE_ROLE: "unprotected-audit-log" })).toThrow(
        /DATABASE_ONE_ROLE and DATABASE_OWNER_URL are both set/,
      );
    });
  });
});
