import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config-error";
import { openDb } from "./client";
import { acquirePgliteLock, lockPathFor, pgliteLockHolder } from "./pglite-lock";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "corridor-lock-"));
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

describe("one process per embedded database directory", () => {
  it("refuses to open a directory held by another live process, without touching it", async () => {
    const dir = path.join(tmp(), "pglite");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    children.push(other);
    fs.writeFileSync(lockPathFor(dir), String(other.pid));
    expect(pgliteLockHolder(dir)).toBe(other.pid);
    const error = await openDb({ driver: "pglite", dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`in use by process ${other.pid}.*stop that process first, or set PGLITE_DIR`));
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("takes over a lock left by a process that has died", async () => {
    const dir = path.join(tmp(), "pglite");
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.once("exit", r));
    fs.writeFileSync(lockPathFor(dir), String(dead.pid));
    expect(pgliteLockHolder(dir)).toBeNull();
    const release = acquirePgliteLock(dir);
    expect(fs.readFileSync(lockPathFor(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });

  it("lets exactly one of several processes starting together take the directory", async () => {
    const dir = path.join(tmp(), "pglite");
    const script = `
      import { acquirePgliteLock } from "./db/pglite-lock.ts";
      try { acquirePgliteLock(${JSON.stringify(dir)}); console.log("won"); setTimeout(() => {}, 3000); }
      catch { console.log("refused"); }`;
    const racers = Array.from({ length: 4 }, () => {
      const child = spawn("node_modules/.bin/tsx", ["--eval", script], { stdio: ["ignore", "pipe", "ignore"] });
      children.push(child);
      return new Promise<string>((resolve) => {
        let out = "";
        child.stdout!.on("data", (d) => {
          out += String(d);
          if (out.includes("\n")) resolve(out.trim());
        });
        child.on("exit", () => resolve(out.trim()));
      });
    });
    const results = await Promise.all(racers);
    expect(results.filter((r) => r === "won")).toHaveLength(1);
    expect(results.filter((r) => r === "refused")).toHaveLength(3);
  });

  it("releases the directory when the database is closed", async () => {
    const dir = path.join(tmp(), "nested", "pglite");
    const handle = await openDb({ driver: "pglite", dir });
    expect(fs.existsSync(lockPathFor(dir))).toBe(true);
    await handle.close();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });
});
