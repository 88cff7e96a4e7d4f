import { describe, expect, it } from "vitest";
import { CONTENT_TYPES, publicJson, publicResponse } from "./public-response";

const get = (headers: Record<string, string> = {}) => new Request("http://localhost/api/v1/routes", { headers });

describe("public responses", () => {
  it("tag the data, not the generation time: a poller gets 304 while nothing changed", () => {
    const routes = [{ slug: "lysychansk-bakhmut", status: "open" }];
    const first = publicJson(get(), { generatedAt: "2026-12-03T10:00:00+02:00", routes }, CONTENT_TYPES.json, { tagged: routes });
    const later = publicJson(get(), { generatedAt: "2026-12-03T10:05:00+02:00", routes }, CONTENT_TYPES.json, { tagged: routes });
    const etag = first.headers.get("etag")!;
    expect(later.headers.get("etag")).toBe(etag);
    const again = publicJson(get({ "if-none-match": `W/${etag}` }), { generatedAt: "x", routes }, CONTENT_TYPES.json, { tagged: routes });
    expect(again.status).toBe(304);
    const changed = publicJson(get({ "if-none-match": etag }), { generatedAt: "x", routes: [{ ...routes[0], status: "closed" }] }, CONTENT_TYPES.json, {
      tagged: [{ ...routes[0], status: "closed" }],
    });
    expect(changed.status).toBe(200);
  });

  it("compare If-None-Match weakly, as lists and *, and keep CORS and cache headers on a 304", () => {
    const etag = publicResponse(get(), "body", CONTENT_TYPES.text).headers.get("etag")!;
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const answer = publicResponse(get({ "if-none-match": header }), "body", CONTENT_TYPES.text);
      expect(answer.status, header).toBe(304);
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      expect(answer.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    }
    expect(publicResponse(get({ "if-none-match": '"nope"' }), "body", CONTENT_TYPES.text).status).toBe(200);
  });
});
