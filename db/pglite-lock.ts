import fs from "node:fs";
import { ConfigError } from "@/lib/config-error";

// PGlite has no lock of its own: two processes on one directory silently lose writes or corrupt
// it. A PID file beside the directory makes one process its owner. A PID file (not an
// mtime-refreshed lock such as proper-lockfile) so a crashed owner is detected at once, not
// after a staleness timeout, and a restart right after a crash just works.

export function lockPathFor(dir: string): string {
  return `${dir}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The PID of another live process holding the directory, or null. */
export function pgliteLockHolder(dir: string): number | null {
  let content: string;
  try {
    content = fs.readFileSync(lockPathFor(dir), "utf8");
  } catch {
    return null;
  }
  const pid = Number.parseInt(content.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  return isAlive(pid) ? pid : null;
}

export function heldMessage(dir: string, pid: number): string {
  return `The embedded database ${dir} is in use by process ${pid} (probably a running Corridor server); stop that process first, or set PGLITE_DIR to another directory.`;
}

/** Takes the directory for this process; returns the release function. Throws ConfigError when held. */
export function acquirePgliteLock(dir: string): () => void {
  const holder = pgliteLockHolder(dir);
  if (holder !== null) throw new ConfigError(heldMessage(dir, holder));
  const lockPath = lockPathFor(dir);
  fs.writeFileSync(lockPath, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.once("exit", release);
  return release;
}
