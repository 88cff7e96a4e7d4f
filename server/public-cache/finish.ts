import crypto from "node:crypto";
import zlib from "node:zlib";
import { getMapTiles } from "@/env";
import { addressOf } from "@/lib/addresses";
import { NEXT_CHANGE_HEADER } from "@/lib/next-change";
import { islandManifest, type IslandManifest } from "../public-html/manifest";
import { residentPageAnswer } from "../public-html/resident-page";
import { pageCsp } from "../security/headers";
import { inlineHashes } from "../security/public-csp";
import type { RenderReport } from "./render-report";

// What happens to a public answer between Next's render and the response cache, in order. Each
// step's result is a field of the answer (Finished), read by the cache and by send() from there.
// What the render knew (its next change) arrives as the render's report (render-report.ts), an
// argument here: nothing is read back from the answer's markup or headers.

/** An answer as Next wrote it into a buffer (server.ts capture). */
export type Rendered = { status: number; headers: Record<string, string | string[]>; body: Buffer };

export type Finished = Rendered & {
  /** Whether it is a residents' page: sent with the shared-cache Cache-Control (shared-cache.ts). */
  residentPage: boolean;
  /** When what it says next changes by the clock alone, or null (lib/next-change.ts). */
  nextChange: number | null;
  /** The body gzip-compressed, or null when not worth it. */
  gzip: Buffer | null;
  /** The compressed body's validator: another body, so another tag than the plain one's. */
  gzipEtag: string | null;
};

/**
 * The finishing steps of a freshly rendered public answer, in the order they must run:
 * 1. islands: a residents' page loses Next's client runtime and gets its islands (server/public-html);
 * 2. CSP: a residents' page's policy, made with the hashes of the inline scripts and styles of
 *    the HTML as it will be sent (the policy proxy.ts gave it has none);
 * 3. next change: what the page or route handler reported while it rendered (`report`), also sent
 *    as X-Corridor-Next-Change so that clients see it;
 * 4. ETag: of the final body, for HTML (route handlers tag their own answers);
 * 5. compression (with the compressed body's own tag).
 */
export function finishAnswer(pathname: string, rendered: Rendered, report: RenderReport, manifest: IslandManifest | null = islandManifest()): Finished {
  const address = addressOf(pathname);
  const residentPage = address.kind === "resident-page";
  const islanded = residentPage ? residentPageAnswer(pathname, rendered, manifest) : rendered;
  const headers = { ...islanded.headers };
  const { status, body } = islanded;
  const html = String(headers["content-type"] ?? "").startsWith("text/html");

  if (residentPage && html) headers["content-security-policy"] = pageCsp({ nonce: null, tileUrl: tileUrl(), hashes: inlineHashes(body.toString("utf8")) });

  const { nextChange } = report;
  if (nextChange !== null) headers[NEXT_CHANGE_HEADER] = new Date(nextChange).toISOString();

  // A validator, so that a cache in front (nginx's proxy_cache_revalidate) and browsers get a 304
  // instead of the page again while it is unchanged. Of the body only: the policy is derived from
  // the body, and the Cache-Control changes with age.
  if (html && status === 200 && headers["etag"] === undefined) headers["etag"] = `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

  return packed({ status, headers, body }, { residentPage: residentPage && status === 200, nextChange });
}

/** Bodies smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

/** The last step alone: compression, for an answer made by the cache itself (a stale copy). */
export function packed(answer: Rendered, facts: { residentPage: boolean; nextChange: number | null }): Finished {
  const type = String(answer.headers["content-type"] ?? "");
  const compressible = answer.body.length >= GZIP_MIN_BYTES && /^(text\/|application\/(json|geo\+json|atom\+xml|xml|cap\+xml))/.test(type);
  const gzip = compressible ? zlib.gzipSync(answer.body, { level: 6 }) : null;
  const etag = answer.headers["etag"];
  // RFC 9110 8.8.3: a strong tag names one representation, and gzip is another. "…" → "…-gzip".
  const gzipEtag = gzip && typeof etag === "string" ? etag.replace(/"$/, '-gzip"') : null;
  return { ...answer, ...facts, gzip, gzipEtag };
}

// MAP_TILE_URL, read once: the map island's tiles are the one origin besides the site's own.
let tiles: { url: string | null } | undefined;
function tileUrl(): string | null {
  tiles ??= { url: getMapTiles()?.url ?? null };
  return tiles.url;
}
