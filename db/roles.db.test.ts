import crypto from "node:crypto";
import { count } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_LOGIN_LIMITS } from "@/lib/login-limits";
import { inLanguage } from "@/lib/localized-text";
import type { SessionUser } from "@/lib/session-user";
import { DELIVERY_QUEUE, queueDelivery, type DeliveryJob } from "@/server/messaging/queue";
import { startTestJobQueue } from "@/server/messaging/testing/job-queue";
import { openDb, type DbHandle } from "./client";
import { parsePostgresUrl, resolveDbConfig } from "./config";
import { jobQueueSchemaVersion } from "./job-queue-schema";
import { listPublicTowns } from "./public/towns";
import { getPublicRouteView } from "./public/route-views";
import { createLoginLimiter } from "./queries/login-limiter";
import { updateRouteStatus } from "./queries/route-status";
import { getRouteForCoordinator } from "./queries/routes";
import { createUser } from "./queries/users";
import { auditLog } from "./schema/audit";
import { seedScenario } from "./seed";

// Least privilege on PostgreSQL (db/roles.ts): migrations as an owner role, the app as a role
// that owns nothing. Roles are cluster-wide, so each run makes its own uniquely named ones and
// drops them in afterAll, whatever happened. PGlite has one superuser and no roles to speak of.
const serverUrl = process.env.DATABASE_URL?.trim();
const SKIP_REASON = "PostgreSQL only: set DATABASE_URL to a local server (PGlite has no roles to separate)";

const suffix = crypto.randomBytes(4).toString("hex");
const ownerRole = `corridor_t_owner_${suffix}`;
const appRole = `corridor_t_app_${suffix}`;
const memberRole = `corridor_t_member_${suffix}`;
const createroleRole = `corridor_t_createrole_${suffix}`;
const bypassRole = `corridor_t_bypassrls_${suffix}`;
const database = `corridor_roles_${suffix}`;
const otherDatabase = `corridor_roles_other_${suffix}`;
const password = crypto.randomBytes(12).toString("hex");

function urlFor(role: string | null, db: string): string {
  const url = new URL(serverUrl!);
  if (role) {
    url.username = role;
    url.password = password;
  }
  url.pathname = `/${db}`;
  return url.toString();
}

const configFor = (appUrl: string, ownerUrl?: string) => ({ ...parsePostgresUrl(appUrl), ...(ownerUrl ? { ownerUrl } : {}) });

async function sqlStateOf(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error("the statement was not refused");
}

describe.skipIf(!serverUrl)(`two database roles (${serverUrl ? "PostgreSQL" : SKIP_REASON})`, () => {
  let admin: postgres.Sql;
  let app: DbHandle;
  let appSql: postgres.Sql;
  const handles: DbHandle[] = [];

  beforeAll(async () => {
    const host = parsePostgresUrl(serverUrl!).host;
    if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) throw new Error(`Refusing to create roles on ${host}: only a local PostgreSQL is allowed.`);
    admin = postgres(serverUrl!, { onnotice: () => {}, max: 1 });
    // As docs/operating.md ("Two database roles") has the operator do it: no superuser, no CREATEDB or
    // CREATEROLE; the owner owns the database (and so, on PostgreSQL 15, schema public).
    for (const role of [ownerRole, appRole, memberRole]) {
      await admin.unsafe(`create role "${role}" login nosuperuser nocreatedb nocreaterole password '${password}'`);
    }
    await admin.unsafe(`create role "${createroleRole}" login nosuperuser nocreatedb createrole password '${password}'`);
    await admin.unsafe(`create role "${bypassRole}" login nosuperuser nocreatedb nocreaterole bypassrls password '${password}'`);
    await admin.unsafe(`grant "${ownerRole}" to "${memberRole}"`);
    await admin.unsafe(`create database "${database}" owner "${ownerRole}"`);
    await admin.unsafe(`create database "${otherDatabase}" owner "${ownerRole}"`);
    for (const db of [database, otherDatabase]) {
      await admin.unsafe(`revoke all on database "${db}" from public`);
      await admin.unsafe(`grant connect on database "${db}" to "${appRole}", "${memberRole}", "${createroleRole}", "${bypassRole}"`);
    }
    // PostgreSQL before 15 lets every role create in public; the owner's migrate revokes that.
    app = await openDb(configFor(urlFor(appRole, database), urlFor(ownerRole, database)));
    handles.push(app);
    await app.migrate();
    appSql = postgres(urlFor(appRole, database), { onnotice: () => {}, max: 1 });
  });

  afterAll(async () => {
    try {
      await appSql?.end({ timeout: 1 });
      for (const handle of handles) await handle.close().catch(() => {});
    } finally {
      if (admin) {
        for (const db of [database, otherDatabase]) await admin.unsafe(`drop database if exists "${db}" with (force)`).catch((e) => console.error(e));
        for (const role of [memberRole, createroleRole, bypassRole, appRole, ownerRole]) await admin.unsafe(`drop role if exists "${role}"`).catch((e) => console.error(e));
        await admin.end({ timeout: 1 });
      }
    }
  });

  it("migrated as the owner: the owner owns every table and sequence, the app role none", async () => {
    const inDb = postgres(urlFor(null, database), { onnotice: () => {}, max: 1 });
    try {
      const rows = await inDb<{ owner: string; n: number }[]>`
        select pg_get_userbyid(c.relowner)::text as owner, count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'pgboss', 'drizzle') and c.relkind in ('r', 'p', 'S') group by 1`;
      expect(rows.map((r) => r.owner)).toEqual([ownerRole]);
      expect(rows[0]!.n).toBeGreaterThan(20);
    } finally {
      await inDb.end({ timeout: 1 });
    }
  });

  it("runs the app's normal work as the app role: seeding, staff and public reads, a status update with its audit row, sign-in counters", async () => {
    const db = app.db;
    await seedScenario(db, { demoUsers: true });
    const { id } = await createUser(db, null, { email: `roles-${suffix}@example.org`, password: "a long enough password", role: "coordinator" });
    const actor: SessionUser = { id, email: `roles-${suffix}@example.org`, name: "", role: "coordinator", organisation: "" };
    const route = (await getRouteForCoordinator(db, actor, "lysychansk-bakhmut"))!;
    const auditBefore = (await db.select({ n: count() }).from(auditLog))[0]!.n;
    await updateRouteStatus(db, actor, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: [], reason: inLanguage("en", "Bridge destroyed"), source: null });
    expect((await db.select({ n: count() }).from(auditLog))[0]!.n).toBe(auditBefore + 1);
    expect((await getPublicRouteView(db, { slug: "lysychansk-bakhmut", now: new Date() }))?.route.status).toBe("closed");
    expect((await listPublicTowns(db)).length).toBeGreaterThan(0);
    const gate = await createLoginLimiter(db, DEFAULT_LOGIN_LIMITS).begin(actor.email, "192.0.2.1");
    expect(gate.locked).toBe(false);
  });

  it("sends and fetches a delivery job through pg-boss as the app role, its maintenance and cron on as in the app", async () => {
    const boss = await startTestJobQueue(app, { maintenance: true });
    const errors: Error[] = [];
    boss.on("error", (error) => errors.push(error));
    try {
      const id = await app.db.transaction((tx) => queueDelivery(boss, tx, { kind: "channel", id: crypto.randomUUID() }, 0));
      expect(id).toEqual(expect.any(String));
      const [job] = await boss.fetch<DeliveryJob>(DELIVERY_QUEUE);
      expect(job?.id).toBe(id);
      await boss.complete(DELIVERY_QUEUE, job!.id);
      await boss.maintain();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    expect(errors).toEqual([]);
  });

  it.each([
    ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete", /must be owner/],
    ["ALTER TABLE audit_log DISABLE TRIGGER ALL", /must be owner/],
    ["SET session_replication_role = replica", /permission denied to set parameter/],
    // Refused by privilege before the trigger is reached: append-only twice over.
    ["UPDATE audit_log SET action = action", /permission denied for table audit_log/],
    ["DELETE FROM audit_log", /permission denied for table audit_log/],
    ["TRUNCATE audit_log", /permission denied for table audit_log/],
    ["DROP TABLE audit_log", /must be owner/],
    ["DROP TABLE towns", /must be owner/],
    ["DROP TRIGGER audit_log_no_truncate ON audit_log", /must be owner/],
    ["CREATE TABLE public.shadow (id int)", /permission denied for schema public/],
    ["CREATE SCHEMA shadow", /permission denied for database/],
    ["DROP TABLE pgboss.job", /must be owner/],
    ["ALTER TABLE pgboss.job DISABLE TRIGGER ALL", /must be owner/],
  ])("refuses the app role %s (SQLSTATE 42501) and changes nothing", async (statement, message) => {
    const before = await appSql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    const refusal = await sqlStateOf(() => appSql.unsafe(statement));
    expect(refusal.code).toBe("42501");
    expect(refusal.message).toMatch(message);
    const after = await appSql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(before[0]!.n).toBeGreaterThan(0);
  });

  it("re-grants on every migrate: a privilege granted by hand does not survive the next one", async () => {
    const owner = postgres(urlFor(ownerRole, database), { onnotice: () => {}, max: 1 });
    try {
      await owner.unsafe(`grant update, delete, truncate on audit_log to "${appRole}"`);
    } finally {
      await owner.end({ timeout: 1 });
    }
    // The hand grant is in force (the trigger still refuses a real change; this one touches no row)…
    await expect(appSql.unsafe("update audit_log set action = action where false")).resolves.toBeDefined();
    await app.migrate();
    // …and gone after the next migrate.
    const refusal = await sqlStateOf(() => appSql.unsafe("update audit_log set action = action where false"));
    expect(refusal.code).toBe("42501");
    expect(refusal.message).toMatch(/permission denied for table audit_log/);
  });

  it("starts a server given only the app role's URL once the owner migrated, and refuses one whose schema or job queue schema is behind", async () => {
    const appOnly = await openDb(configFor(urlFor(appRole, database)));
    handles.push(appOnly);
    await expect(appOnly.migrate()).resolves.toBe("checked");
    const owner = postgres(urlFor(ownerRole, database), { onnotice: () => {}, max: 1 });
    try {
      const [last] = await owner<{ id: number; hash: string; created_at: string }[]>`select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`;
      await owner`delete from drizzle.__drizzle_migrations where id = ${last!.id}`;
      try {
        await expect(appOnly.migrate()).rejects.toThrow(/1 of \d+ migrations are not applied.*DATABASE_OWNER_URL/);
      } finally {
        await owner`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at})`;
      }
      // pg-boss's schema is checked as well: one version behind (as after upgrading pg-boss).
      const wanted = jobQueueSchemaVersion();
      expect(wanted).toEqual(expect.any(Number));
      await owner`update pgboss.version set version = ${wanted! - 1}`;
      try {
        await expect(appOnly.migrate()).rejects.toThrow(new RegExp(`pg-boss\\) is at version ${wanted! - 1}, not ${wanted}.*DATABASE_OWNER_URL`));
      } finally {
        await owner`update pgboss.version set version = ${wanted!}`;
      }
      await expect(appOnly.migrate()).resolves.toBe("checked");
    } finally {
      await owner.end({ timeout: 1 });
    }
  });

  it("refuses at start an app role that was given a table of its own", async () => {
    const inDb = postgres(urlFor(null, database), { onnotice: () => {}, max: 1 });
    try {
      await inDb.unsafe(`alter table towns owner to "${appRole}"`);
      await expect(app.migrate()).rejects.toThrow(new RegExp(`"${appRole}" \\(DATABASE_URL\\) owns public\\.towns`));
    } finally {
      await inDb.unsafe(`alter table towns owner to "${ownerRole}"`);
      await inDb.end({ timeout: 1 });
    }
    await expect(app.migrate()).resolves.toBe("applied");
  });

  it.each([
    ["a superuser as the app role", () => configFor(urlFor(null, otherDatabase), urlFor(ownerRole, otherDatabase)), /is a superuser/],
    ["the owner's own login as the app role", () => configFor(urlFor(ownerRole, otherDatabase), urlFor(ownerRole, otherDatabase)), /log in as the same role/],
    ["a member of the owner role", () => configFor(urlFor(memberRole, otherDatabase), urlFor(ownerRole, otherDatabase)), /member of the owner role/],
    ["URLs that reach two databases", () => configFor(urlFor(appRole, database), urlFor(ownerRole, otherDatabase)), /reach different databases/],
    ["a role with CREATEROLE as the app role", () => configFor(urlFor(createroleRole, otherDatabase), urlFor(ownerRole, otherDatabase)), /has CREATEROLE/],
    ["a role with BYPASSRLS as the app role", () => configFor(urlFor(bypassRole, otherDatabase), urlFor(ownerRole, otherDatabase)), /has BYPASSRLS/],
    ["the app role alone on a database nobody migrated", () => configFor(urlFor(appRole, otherDatabase)), /has not been migrated.*DATABASE_OWNER_URL/],
    ["a superuser alone on a database nobody migrated", () => configFor(urlFor(null, otherDatabase)), /is a superuser.*DATABASE_ONE_ROLE=unprotected-audit-log/],
  ])("refuses %s at start, in one line, before writing anything", async (_what, config, message) => {
    const handle = await openDb(config());
    handles.push(handle);
    const error = await handle.migrate().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.name).toBe("ConfigError");
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
    expect(error?.message).not.toContain(password);
    const other = postgres(urlFor(null, otherDatabase), { onnotice: () => {}, max: 1 });
    try {
      const [row] = await other<{ n: number }[]>`select count(*)::int as n from pg_namespace where nspname in ('drizzle', 'pgboss')`;
      expect(row!.n).toBe(0);
    } finally {
      await other.end({ timeout: 1 });
    }
  });

  // The servers' usual setup: given only DATABASE_URL, on a database the owner has migrated. Each
  // of these could undo the audit log's protection, and the journal alone would not say so.
  it.each([
    ["a superuser", () => urlFor(null, database), /is a superuser/],
    ["a member of the owner role", () => urlFor(memberRole, database), /can act as "[^"]+", which owns/],
    ["a role with CREATEROLE", () => urlFor(createroleRole, database), /has CREATEROLE/],
    ["a role with BYPASSRLS", () => urlFor(bypassRole, database), /has BYPASSRLS/],
    ["the owner itself", () => urlFor(ownerRole, database), new RegExp(`"${ownerRole}" \\(DATABASE_URL\\) (owns|can act as)`)],
  ])("refuses %s given only DATABASE_URL, naming DATABASE_ONE_ROLE as the explicit way out", async (_what, url, message) => {
    const handle = await openDb(configFor(url()));
    handles.push(handle);
    const error = await handle.migrate().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.name).toBe("ConfigError");
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/DATABASE_ONE_ROLE=unprotected-audit-log/);
    expect(error?.message).not.toContain("\n");
  });

  it("starts the one-role setup only when DATABASE_ONE_ROLE says so, with a warning at every start", async () => {
    const config = resolveDbConfig({ DATABASE_URL: urlFor(null, otherDatabase), DATABASE_ONE_ROLE: "unprotected-audit-log" });
    expect(config).toMatchObject({ driver: "postgres", oneRole: true });
    const handle = await openDb(config);
    handles.push(handle);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await expect(handle.migrate()).resolves.toBe("applied");
      await expect(handle.migrate()).resolves.toBe("applied");
      const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("DATABASE_ONE_ROLE"));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/audit log's protection/);
    } finally {
      warn.mockRestore();
    }
  });
});
