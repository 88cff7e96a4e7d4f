import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// deploy/nginx.conf as e2e/nginx-cache.spec.ts and scripts/bench-nginx.ts run it: the shipped
// file with only its "SET" values replaced (the port, the instances, the paths under a directory
// of the run's own, the host name), so what is tested is what is shipped.

/** Debian's nginx binary, or null when it is not installed. */
export function findNginx(): string | null {
  return ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((file) => fs.existsSync(file)) ?? null;
}

/** The configuration for nginx on 127.0.0.1:`port` in front of the instances on `upstreams`; throws when a "SET" line is gone. */
export function nginxRunConfig(dir: string, port: number, upstreams: number[], options: { workers?: number } = {}): string {
  let conf = fs.readFileSync(path.resolve("deploy/nginx.conf"), "utf8");
  const replace = (from: string | RegExp, to: string) => {
    const next = conf.replace(from, to);
    if (next === conf) throw new Error(`deploy/nginx.conf no longer has ${String(from)}: update scripts/nginx-config.ts with it`);
    conf = next;
  };
  // As root the workers run as this user (the directories below are its own); otherwise nginx
  // ignores the line and runs as the user it was started by.
  replace(/^user [^;]+;/m, `user ${os.userInfo().username};`);
  replace("worker_processes auto;", `worker_processes ${options.workers ?? 1};`);
  replace("/run/nginx-corridor.pid", path.join(dir, "nginx.pid"));
  replace("/var/log/nginx/corridor-error.log", path.join(dir, "error.log"));
  replace("/var/log/nginx/corridor-access.log", path.join(dir, "access.log"));
  replace(/\/var\/lib\/nginx\//g, `${dir}/`);
  replace("listen 80 default_server;", `listen 127.0.0.1:${port} default_server;`);
  replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  replace("server_name corridor.example.org;", "server_name localhost;");
  replace(/server 127\.0\.0\.1:3000 ([^;]*);\s*server 127\.0\.0\.1:3001 [^;]*;/, upstreams.map((p) => `server 127.0.0.1:${p} $1;`).join("\n        "));
  return conf;
}

/** The command line that runs nginx in the foreground on that configuration, its own prefix and startup log. */
export function nginxArgs(dir: string, conf: string): string[] {
  return ["-p", dir, "-c", conf, "-e", path.join(dir, "error.log"), "-g", "daemon off;"];
}
