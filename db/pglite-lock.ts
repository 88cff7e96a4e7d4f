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
  const lockPath = lockPathFor(dir);
  // Written aside, then hard-linked into place: link() is atomic and fails if the lock exists,
  // so two processes starting together cannot both win, and no reader sees a half-written PID.
  const staged = `${lockPath}.${process.pid}`;
  fs.writeFileSync(staged, String(process.pid));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(staged, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const content = readLock(lockPath);
        if (content === String(process.pid)) break; // this process already holds it
        const holder = pgliteLockHolder(dir);
        if (holder !== null) throw new ConfigError(heldMessage(dir, holder));
        if (attempt >= 3) throw new ConfigError(`Could not take the lock ${lockPath}; remove it if no Corridor process is running.`);
        // Left by a dead process: remove it, unless another process replaced it meanwhile.
        if (readLock(lockPath) === content) fs.rmSync(lockPath, { force: true });
      }
    }
  } finally {
    fs.rmSync(staged, { force: true });
  }
  const release = () => {
    if (readLock(lockPath) === String(process.pid)) fs.rmSync(lockPath, { force: true });
  };
  process.once("exit", release);
  return release;
}

function readLock(lockPath: string): string | null {
  try {
    return fs.readFileSync(lockPath, "utf8").trim();
  } catch {
    return null;
  }
}
