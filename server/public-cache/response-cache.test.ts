import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { answerOf, CacheKeys, preparedHeaders, ResponseCache } from "./response-cache";
import { publicCacheKey } from "./policy";
import { VersionTracker } from "./version-tracker";
import { unavailableAnswer, withStaleNotice } from "./outage";

const html = (text: string) => Buffer.from(`<!DOCTYPE html><html><body><main id="main">${text.repeat(100)}</main></body></html>`);

describe("ResponseCache", () => {
  it("compresses text once and keeps the plain body", () => {
    const answer = answerOf(200, { "content-type": "text/html; charset=utf-8" }, html("Lysychansk → Bakhmut: open. "), "1:true", 0, 10_000);
    expect(zlib.gunzipSync(answer.gzip!).equals(answer.body)).toBe(true);
    expect(answer.freshUntil).toBe(10_000);
  });

  it("drops the least recently used answers beyond its entry and byte limits", () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1_000_000 });
    const a = answerOf(200, {}, Buffer.from("a"), "v", 0, 1);
    cache.set("a", a);
    cache.set("b", a);
    cache.get("a");
    cache.set("c", a);
    expect([cache.get("a"), cache.get("b"), cache.get("c")].map(Boolean)).toEqual([true, false, true]);
    const small = new ResponseCache({ maxEntries: 100, maxBytes: 5_000 });
    for (let i = 0; i < 10; i++) small.set(String(i), answerOf(200, {}, Buffer.alloc(1_000), "v", 0, 1));
    expect(small.size).toBeLessThan(10);
    expect(small.get("9")).toBeDefined();
  });

  it("expiring keeps answers for use during an outage", () => {
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1_000_000 });
    cache.set("a", answerOf(200, {}, Buffer.from("a"), "v", 0, 10_000));
    cache.expireAll();
    expect(cache.get("a")?.freshUntil).toBe(0);
  });
});

describe("VersionTracker", () => {
  it("asks the database at most once a second, once for all waiting requests, and reports changes", async () => {
    let now = 0;
    let reads = 0;
    let version = "1:true";
    let changes = 0;
    const tracker = new VersionTracker(async () => (reads++, version), () => changes++, () => now);
    const first = await Promise.all([tracker.current(), tracker.current(), tracker.current()]);
    expect(reads).toBe(1);
    // Learning the version at start-up is not a change (answers need not settle).
    expect(first[0]).toEqual({ version: "1:true", seenAt: -Infinity });
    version = "2:true";
    now = 500;
    expect((await tracker.current()).version).toBe("1:true");
    now = 1_000;
    expect(await tracker.current()).toEqual({ version: "2:true", seenAt: 1_000 });
    expect(changes).toBe(2);
    tracker.invalidate();
    await tracker.current();
    expect(reads).toBe(3);
  });

  it("keeps the last known version while the database cannot be read", async () => {
    let now = 0;
    let down = false;
    const tracker = new VersionTracker(async () => {
      if (down) throw new Error("connection refused");
      return "7:true";
    }, () => {}, () => now);
    await tracker.current();
    down = true;
    now = 5_000;
    expect((await tracker.current()).version).toBe("7:true");
  });

  it("peek() answers without waiting from a check at most 2 s old, checking in the background once one is due", async () => {
    let now = 0;
    let version = "1:true";
    let reads = 0;
    let release = () => {};
    const tracker = new VersionTracker(
      () => {
        reads++;
        return new Promise<string>((resolve) => (release = () => resolve(version)));
      },
      () => {},
      () => now,
    );
    expect(tracker.peek()).toBeNull(); // never checked: the caller must wait
    const first = tracker.current();
    release();
    await first;
    now = 999;
    expect(tracker.peek()).toEqual({ version: "1:true", seenAt: -Infinity });
    expect(reads).toBe(1);
    version = "2:true";
    now = 1_000;
    // Due: the check starts, and the hit is answered from the last check meanwhile.
    expect(tracker.peek()?.version).toBe("1:true");
    expect(tracker.peek()?.version).toBe("1:true");
    expect(reads).toBe(2); // one check for all
    release();
    await tracker.current();
    expect(tracker.peek()?.version).toBe("2:true");
    // A check that does not come back: past 2 s since the last one, hits wait for it.
    now = 2_000;
    expect(tracker.peek()?.version).toBe("2:true");
    now = 3_000;
    expect(tracker.peek()).toBeNull();
    release();
    tracker.invalidate(); // this instance wrote: wait for the next check
    expect(tracker.peek()).toBeNull();
  });
});

describe("outage answers", () => {
  it("marks a stale page with its time at the top of its main content, in the page's language", () => {
    const page = withStaleNotice(html("x").toString(), Date.parse("2022-04-18T06:30:00Z"), "/uk/towns/lysychansk");
    expect(page).toMatch(/<main id="main"><p role="alert" class="stale-notice"[^>]*>Цю сторінку зараз не вдалося оновити\. Вона показує дані станом на 18 квітня( о)? 09:30/);
  });

  it("says 'temporarily unavailable' as a page, or as a problem document for the API and feeds", () => {
    expect(unavailableAnswer("/en/towns/x").body).toContain("<h1>Temporarily unavailable</h1>");
    expect(JSON.parse(unavailableAnswer("/api/v1/routes").body)).toMatchObject({ type: "/api/v1/problems/unavailable", status: 503, detail: expect.stringContaining("Temporarily unavailable") });
    expect(unavailableAnswer("/feeds/status.atom").type).toMatch(/^application\/problem\+json/);
  });
});

describe("preparedHeaders", () => {
  const stored = { "content-type": "text/html; charset=utf-8", vary: "rsc, next-router-state-tree", "content-length": "1", date: "x", etag: '"t"' };

  it("lists the answer's headers once, with its own length, encoding, Vary and outcome, and never a hop header", () => {
    const answer = answerOf(200, stored, html("Lysychansk → Bakhmut: open. "), "v", 0, 1);
    const pairs = (list: readonly (string | string[])[]) => Array.from({ length: list.length / 2 }, (_, i) => [list[2 * i], list[2 * i + 1]]);
    expect(pairs(preparedHeaders(answer, "gzip", "HIT"))).toEqual([
      ["content-type", "text/html; charset=utf-8"],
      ["etag", '"t-gzip"'],
      ["x-corridor-cache", "HIT"],
      ["vary", "rsc, next-router-state-tree, Accept-Encoding"],
      ["content-encoding", "gzip"],
      ["content-length", String(answer.gzip!.length)],
    ]);
    expect(pairs(preparedHeaders(answer, "plain", "MISS")).slice(1, 2)).toEqual([["etag", '"t"']]);
    expect(pairs(preparedHeaders(answer, "304-gzip", "HIT"))).toContainEqual(["etag", '"t-gzip"']);
    expect(pairs(preparedHeaders(answer, "plain", "HIT", true)).map(([name]) => name)).not.toContain("cache-control");
    expect(pairs(preparedHeaders(answer, "plain", "MISS")).slice(2)).toEqual([
      ["x-corridor-cache", "MISS"],
      ["vary", "rsc, next-router-state-tree, Accept-Encoding"],
      ["content-length", String(answer.body.length)],
    ]);
    expect(preparedHeaders(answer, "304", "HIT")).not.toContain("content-length");
    // Made once per answer and form, then the same list for every request.
    expect(preparedHeaders(answer, "gzip", "HIT")).toBe(preparedHeaders(answer, "gzip", "HIT"));
  });

  it("adds no Accept-Encoding to Vary when there is nothing compressed to choose", () => {
    const small = answerOf(200, { "content-type": "application/json" }, Buffer.from("{}"), "v", 0, 1);
    expect(small.gzip).toBeNull();
    expect(preparedHeaders(small, "plain", "HIT")).not.toContain("vary");
  });
});

describe("CacheKeys", () => {
  const request = (url: string, headers: Record<string, string> = {}, method = "GET") => ({ method, url, headers: { host: "localhost:3000", ...headers } });

  it("gives publicCacheKey's key, whatever was asked before", () => {
    const keys = new CacheKeys(3);
    const requests = [
      request("/en/towns/lysychansk"),
      request("/en/towns/lysychansk", { host: "evil.example" }),
      request("/en/towns/lysychansk", { "x-forwarded-host": "evil.example" }),
      request("/en/towns/lysychansk", { "x-forwarded-proto": "https" }),
      request("/en/towns/lysychansk?b=1&a=2"),
      request("/en/towns/lysychansk?_rsc=x"),
      request("/en/coordinate"),
      request("/en/towns/lysychansk", {}, "POST"),
      request("/api/v1/routes", {}, "HEAD"),
    ];
    for (let round = 0; round < 3; round++) for (const r of requests) expect(keys.of(r), `${r.method} ${r.url} ${JSON.stringify(r.headers)}`).toBe(publicCacheKey(r));
  });

  it("never answers a client navigation from a key remembered for the page", () => {
    const keys = new CacheKeys();
    expect(keys.of(request("/en/towns/lysychansk"))).not.toBeNull();
    for (const header of ["rsc", "next-router-state-tree", "next-router-prefetch"]) expect(keys.of(request("/en/towns/lysychansk", { [header]: "1" })), header).toBeNull();
  });
});
