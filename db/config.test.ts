import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config-error";
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
});
