import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SMS_PER_SECOND, DEMO_CAP_SENDER, getAuthSecret, getCapSender, getSmsConfig } from "@/env";
import { ConfigError } from "@/lib/config-error";

describe("the session secret", () => {
  it("refuses to start in production on PostgreSQL without AUTH_SECRET", () => {
    expect(() => getAuthSecret({ NODE_ENV: "production", DATABASE_URL: "postgres://localhost/corridor" })).toThrow(ConfigError);
    expect(() => getAuthSecret({ NODE_ENV: "production", DATABASE_URL: "postgres://localhost/corridor" })).toThrow(
      /AUTH_SECRET is not set.*openssl rand -base64 32/,
    );
  });

  it("uses AUTH_SECRET when given, and refuses a short one", () => {
    const secret = "x".repeat(40);
    expect(getAuthSecret({ NODE_ENV: "production", DATABASE_URL: "postgres://localhost/c", AUTH_SECRET: secret })).toBe(secret);
    expect(() => getAuthSecret({ AUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
  });

  it("generates one for the embedded demo, keeps it beside the database and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-secret-"));
    const env = { NODE_ENV: "production" as const, PGLITE_DIR: path.join(dir, "pglite") };
    const first = getAuthSecret(env);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe(first);
    expect(getAuthSecret(env)).toBe(first);
  });

  it("refuses DATABASE_OWNER_URL without DATABASE_URL before writing a demo secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-secret-"));
    const env = { PGLITE_DIR: path.join(dir, "pglite"), DATABASE_OWNER_URL: "postgres://corridor_owner@localhost/corridor" };
    expect(() => getAuthSecret(env)).toThrow(/DATABASE_OWNER_URL is set but DATABASE_URL is not/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("the CAP sender", () => {
  it("is CAP_SENDER, an e-mail address or a domain name", () => {
    expect(getCapSender({ CAP_SENDER: "alerts@corridor.example.org" })).toBe("alerts@corridor.example.org");
    expect(getCapSender({ CAP_SENDER: "alerts.corridor.example.org" })).toBe("alerts.corridor.example.org");
  });

  it("says it is a demo when not configured", () => {
    expect(getCapSender({})).toBe(DEMO_CAP_SENDER);
    expect(getCapSender({ CAP_SENDER: "" })).toBe(DEMO_CAP_SENDER);
    expect(DEMO_CAP_SENDER).toMatch(/demo.*\.invalid$/);
  });

  it("refuses what CAP cannot carry or receivers cannot match: spaces, commas, a bare host, a URL", () => {
    for (const bad of ["Corridor NGO", "a,b@example.org", "localhost", "https://corridor.example.org", "alerts@", "<x>@example.org"]) {
      expect(() => getCapSender({ CAP_SENDER: bad }), bad).toThrow(ConfigError);
      expect(() => getCapSender({ CAP_SENDER: bad }), bad).toThrow(/CAP_SENDER must be an e-mail address/);
    }
  });
});

describe("the SMS gateway's rate", () => {
  const sms = { SMS_AUTH_TOKEN: "test-sms-token-0123456789" };
  it("is SMS_PER_SECOND, or the common default", () => {
    expect(getSmsConfig({ ...sms, SMS_PER_SECOND: "3" })?.perSecond).toBe(3);
    expect(getSmsConfig(sms)?.perSecond).toBe(DEFAULT_SMS_PER_SECOND);
  });

  it("refuses a rate that is not a whole number of messages a second", () => {
    expect(() => getSmsConfig({ ...sms, SMS_PER_SECOND: "0" })).toThrow(/SMS_PER_SECOND/);
    expect(() => getSmsConfig({ ...sms, SMS_PER_SECOND: "2.5" })).toThrow(/SMS_PER_SECOND.*whole number/);
    expect(() => getSmsConfig({ ...sms, SMS_PER_SECOND: "fast" })).toThrow(/SMS_PER_SECOND/);
  });
});
