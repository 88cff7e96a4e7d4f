import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createDatabase, freePort, signInAt, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { setStatus } from "./fixtures/workspace";

// Two app instances on one PostgreSQL database, as behind a load balancer. A status change made on
// one must reach the public page of the instance that made it within a second, and of the other
// within five, although both answer the public pages from their own cache. Runs whenever a local
// PostgreSQL server is reachable (fixtures/instances.ts), on a database of its own; says so when not.

test.describe("two instances on one database", () => {
  test.setTimeout(150_000);

  let db: Awaited<ReturnType<typeof createDatabase>>;
  let a: Instance;
  let b: Instance;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    await skipUnlessPostgres("e2e/multi-instance.spec.ts (two instances on one database)");
    db = await createDatabase();
    const secret = crypto.randomBytes(32).toString("base64url");
    [a, b] = await Promise.all([startInstance(await freePort(), db.url, secret), startInstance(await freePort(), db.url, secret)]);
  });
  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  test("a status change on one instance shows on the other's cached public page within 5 s", async ({ page }) => {
    const path = "/en/routes/lysychansk-bakhmut";
    // Both instances have the page cached (the second answer comes from memory).
    for (const instance of [a, b]) {
      await expect.poll(async () => (await fetch(instance.url + path)).headers.get("x-corridor-cache"), { timeout: 10_000 }).toBe("HIT");
    }
    const reason = `Bridge at Siversk shelled ${crypto.randomBytes(3).toString("hex")}`;
    await signInAt(page, a.url, "coordinator@example.org");
    await page.goto(`${a.url}/en/coordinate/routes/lysychansk-bakhmut`);
    await setStatus(page, "Closed", reason);
    const savedAt = Date.now();

    const seenAfter = async (instance: Instance) => {
      for (;;) {
        const html = await (await fetch(instance.url + path)).text();
        if (html.includes(reason)) return Date.now() - savedAt;
        if (Date.now() - savedAt > 10_000) return Infinity;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const [onWriter, onOther] = await Promise.all([seenAfter(a), seenAfter(b)]);
    expect(onWriter, "ms until the writing instance shows it").toBeLessThanOrEqual(1_000);
    expect(onOther, "ms until the other instance shows it").toBeLessThanOrEqual(5_000);
    // And the public API of the other instance agrees.
    const api = (await (await fetch(`${b.url}/api/v1/routes`)).json()) as { routes: { slug: string; status: string }[] };
    expect(api.routes.find((r) => r.slug === "lysychansk-bakhmut")?.status).toBe("closed");
  });
});
