/* Corridor service worker: keeps the public pages a resident has opened readable offline.
 *
 * Hand-written (stack notes, trap 10: Serwist's webpack plugin does nothing under Turbopack).
 * - Public HTML pages (home, town and route pages, lite pages): network first with a short timeout,
 *   then the copy kept from the last visit. Every kept copy carries the time it was fetched
 *   (header X-Corridor-Fetched-At); when a kept copy is served, the worker inserts a visible
 *   <p id="offline-banner">Saved copy from DD/MM, HH:MM …</p> (Kyiv time) right after <body>, in
 *   the words of the page's hidden <p id="offline-banner-template" data-template="... {time} ...">,
 *   and replaces every status's "confirmed N min ago" line (data-freshness) with its data-stale
 *   words: when the copy was saved, and that nothing was confirmed since.
 *   Done in the HTML before the browser sees it, so it works without any page JavaScript (lite
 *   pages) and before and after hydration (rich pages).
 * - A page never visited, offline: a small built-in page saying so, in uk / ru / en.
 * - Content-hashed files (/_next/static/*, /islands/<name>.<hash>.<ext>): cache first, kept for good
 *   (a URL's bytes never change). /icon.svg, /favicon.ico, /basemap/*: from the cache, refreshed
 *   in the background once the kept copy is a day old (they are not hashed, but rarely change).
 * - What a page needs is kept with the page: whenever a page is kept, the stylesheets, scripts,
 *   preloads and icon its HTML names are fetched into the cache too (the icons at install), so the
 *   next visit on a slow line transfers only the HTML, even for files the first visit did not
 *   use yet (a preloaded chunk, a script that loaded after the worker took over).
 * - Never cached: anything but GET, /api/*, /coordinate, /admin, /login, RSC payloads, cross-origin.
 */
const VERSION = "v1";
const PAGES = `corridor-pages-${VERSION}`;
const STATIC = `corridor-static-${VERSION}`;
const FETCHED_AT = "X-Corridor-Fetched-At";
const NETWORK_TIMEOUT_MS = 4000;
const MAX_PAGES = 40;
const MAX_STATIC = 150;
const TIME_ZONE = "Europe/Kyiv";

// Public pages that are worth keeping. Staff pages are never kept (they are behind sign-in and
// may hold internal fields); the allowlist leaves them out by construction.
const KEPT_PAGE = /^\/(?:(?:uk|ru|en)(?:\/(?:towns|routes)\/[a-z0-9-]+)?\/?|(?:(?:uk|ru|en)\/)?lite(?:\/towns\/[a-z0-9-]+)?\/?)$/;
const NEVER = /^\/(?:api(?:\/|$)|(?:uk|ru|en)\/(?:coordinate|admin|login)(?:\/|$))/;
// Content-hashed: Next's build output, and the islands' files (/islands/<name>.<hash>.<ext>).
const HASHED = /^\/(?:_next\/static\/|islands\/[^/]+\.[A-Za-z0-9_-]{6,}\.[a-z0-9]+$)/;
// Not hashed, small and rarely changed: served from the cache, refreshed when a day old.
const SHELL_FILE = /^\/(?:icon\.svg|favicon\.ico|basemap\/[A-Za-z0-9_-]+\.json)$/;
const SHELL_REFRESH_MS = 24 * 60 * 60 * 1000;
// Fetched at install, before any page names them: a browser asks for /favicon.ico on its own.
const PRECACHE = ["/favicon.ico", "/icon.svg"];
// The files a page's HTML names (its own stylesheets, scripts, preloads and icon).
const PAGE_FILE = /<(?:script\b[^>]*?\ssrc|link\b[^>]*?\shref)="([^"]+)"/g;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  // Best effort: a worker installed on a bad line still installs; the files come with a page.
  event.waitUntil(caches.open(STATIC).then((statics) => Promise.all(PRECACHE.map((path) => keepFile(statics, new URL(path, self.location.origin))))).catch(() => undefined));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, STATIC]);
      for (const name of await caches.keys()) {
        if (name.startsWith("corridor-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The page that registered the worker was loaded before the worker controlled it: it sends its own
// URL and the static files it used, so the first visit is kept too (fetched once more, if absent).
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(keepUrls(data.urls.slice(0, 100)));
});

async function keepUrls(urls) {
  const [pages, statics] = await Promise.all([caches.open(PAGES), caches.open(STATIC)]);
  for (const raw of urls) {
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (url.origin !== self.location.origin) continue;
    url.hash = "";
    try {
      if (isKeptFile(url)) {
        await keepFile(statics, url);
      } else if (KEPT_PAGE.test(url.pathname)) {
        let kept = await pages.match(url.toString());
        if (!kept) {
          const response = await fetch(url.toString(), { credentials: "same-origin" });
          if (response.status === 200 && !response.redirected && isHtml(response)) {
            kept = await stamp(response);
            await pages.put(url.toString(), kept.clone());
          }
        }
        if (kept) await keepPageFiles(statics, url, await kept.text());
      }
    } catch {
      // offline or refused: kept on the next visit instead
    }
  }
  trim(statics, MAX_STATIC);
  trim(pages, MAX_PAGES);
}

function isKeptFile(url) {
  return HASHED.test(url.pathname) || SHELL_FILE.test(url.pathname);
}

/** Fetches a file into the cache unless it is there already; a failed fetch keeps nothing. */
async function keepFile(statics, url) {
  url.hash = "";
  const key = url.toString();
  if (await statics.match(key)) return;
  await fetchIntoCache(statics, key, key);
}

// One network fetch per file at a time: the page asks for its files while the worker keeps the
// same files for it, and a slow line must not carry any of them twice.
const inFlight = new Map();

/** The network's answer for a file, kept in the cache when it is a success (with its fetch time unless hashed). */
function fetchIntoCache(statics, key, request) {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(request);
      if (response.ok) await statics.put(key, HASHED.test(new URL(key).pathname) ? response.clone() : await stamp(response.clone()));
      return response;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  // Each caller gets its own copy; the shared original is never read.
  return pending.then((response) => response.clone());
}

/** Keeps the files a page's HTML names, so that its next visit needs only the HTML from the network. */
async function keepPageFiles(statics, pageUrl, html) {
  const urls = new Map();
  for (const match of html.matchAll(PAGE_FILE)) {
    let url;
    try {
      url = new URL(match[1].replace(/&amp;/g, "&"), pageUrl);
    } catch {
      continue;
    }
    if (url.origin === self.location.origin && isKeptFile(url)) urls.set(url.toString(), url);
  }
  // A few at a time: a slow line is shared with the page the resident is reading.
  const queue = [...urls.values()].slice(0, 100);
  const workers = Array.from({ length: 4 }, async () => {
    for (let url = queue.shift(); url; url = queue.shift()) await keepFile(statics, url).catch(() => undefined);
  });
  await Promise.all(workers);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.test(url.pathname)) return;
  // Client-side navigations fetch RSC payloads (header RSC: 1 or ?_rsc=): leave them to the network.
  // Offline they fail, and Next falls back to a full page load, which the kept HTML answers.
  if (request.headers.get("RSC") || url.searchParams.has("_rsc")) return;

  if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (SHELL_FILE.test(url.pathname)) {
    event.respondWith(shellFile(event, request));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, request, KEPT_PAGE.test(url.pathname)));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetchIntoCache(cache, cacheKey(request), request);
  trim(cache, MAX_STATIC);
  return response;
}

/**
 * The kept copy at once; refreshed in the background when it is a day old, so a repeat visit does
 * not spend a round trip on a file that almost never changes. Nothing kept: the network.
 */
async function shellFile(event, request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  const update = () => fetchIntoCache(cache, cacheKey(request), request);
  if (!hit) return update();
  const fetchedAt = Date.parse(hit.headers.get(FETCHED_AT) || "");
  if (!(Date.now() - fetchedAt < SHELL_REFRESH_MS)) event.waitUntil(update().catch(() => undefined));
  return hit;
}

/** Network first; past the timeout or offline, the kept copy (with its banner); else the offline page. */
async function page(event, request, keep) {
  const cache = await caches.open(PAGES);
  // "no-cache": a page the HTTP cache still holds (lite pages: max-age=30) is revalidated, so the
  // answer is either current or, offline, the kept copy with its "saved copy" banner.
  let stored = Promise.resolve();
  const network = fetch(request, { cache: "no-cache" }).then(async (response) => {
    if (keep && response.status === 200 && response.type === "basic" && isHtml(response)) {
      const copy = await stamp(response.clone());
      await cache.put(cacheKey(request), copy.clone());
      trim(cache, MAX_PAGES);
      // After the page is answered, not before: its files must not delay the HTML.
      stored = copy.text().then(async (html) => keepPageFiles(await caches.open(STATIC), new URL(request.url), html));
    }
    return response;
  });
  event.waitUntil(network.then(() => stored, () => undefined).catch(() => undefined));

  const kept = keep ? await cache.match(cacheKey(request)) : undefined;
  if (!kept) {
    try {
      return await network;
    } catch {
      return offlinePage(request);
    }
  }
  // A slow 2G answer is still worth waiting for a little; past that, show the kept copy now
  // (the network answer still refreshes the cache for next time).
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch {
    // offline: fall through to the kept copy
  }
  return withBanner(kept);
}

/** The search is part of the page (e.g. a search query), but the fragment never is. */
function cacheKey(request) {
  const url = new URL(request.url);
  url.hash = "";
  return url.toString();
}

function isHtml(response) {
  return (response.headers.get("Content-Type") || "").includes("text/html");
}

/** A copy of the response carrying the time it was fetched. */
async function stamp(response) {
  const headers = new Headers(response.headers);
  headers.set(FETCHED_AT, new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

// The page carries the banner's words in a hidden placeholder (attribute order varies: React writes
// hidden="" first). The banner itself is inserted right after <body>, outside the elements React
// hydrates: React 19 skips unexpected nodes at the edges of <body>, where a banner inside its tree
// would be "corrected" back to hidden during hydration.
const TEMPLATE = /<[a-z]+\b[^>]*\bid="offline-banner-template"[^>]*>/;
const BODY_OPEN = /<body\b[^>]*>/;
/** An element holding a status's freshness line (plain text): its opening tag, name and closing tag. */
const FRESHNESS = /(<([a-z]+)\b[^>]*\bdata-freshness\b[^>]*>)[^<]*(<\/\2>)/g;
const BANNER_STYLE = "margin:0;padding:.5em;background:#fff3cd;color:#111;border-bottom:2px solid #856404;font-weight:bold";

/** The kept copy with its banner shown: "Saved copy from DD/MM, HH:MM" (Kyiv time, when fetched), and no age in it. */
async function withBanner(kept) {
  const fetchedAt = new Date(kept.headers.get(FETCHED_AT) || kept.headers.get("Date") || Date.now());
  const text = await kept.text();
  // With the date: a copy from two days ago must not read like this afternoon's.
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(fetchedAt);
  const placeholder = TEMPLATE.exec(text);
  const template = placeholder && /\bdata-template="([^"]*)"/.exec(placeholder[0]);
  // The template is already escaped for an attribute, which is also safe as element text.
  const message = (template ? template[1] : "Saved copy from {time}, shown offline. Nothing on it is confirmed now.").replace("{time}", time);
  const banner = `<p id="offline-banner" role="status" data-fetched-at="${fetchedAt.toISOString()}" style="${BANNER_STYLE}">${message}</p>`;
  // Each status's "confirmed 12 min ago" was true when the copy was saved, not now: every such
  // line (data-freshness), whatever the status, says when the copy was saved and that nothing
  // was confirmed since, so no status on a saved copy reads as fresh.
  const staleTemplate = placeholder && /\bdata-stale="([^"]*)"/.exec(placeholder[0]);
  const stale = (staleTemplate ? staleTemplate[1] : "As saved {time}: not confirmed since.").replace("{time}", time);
  const body = text.replace(BODY_OPEN, (open) => open + banner).replace(FRESHNESS, (_, open, _tag, close) => open + stale + close);
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  headers.set("X-Corridor-Offline", "1");
  return new Response(body, { status: 200, headers });
}

const OFFLINE_TEXT = {
  uk: ["Немає зв'язку", "Ця сторінка ще не збережена на телефоні. Сторінки, які ви вже відкривали, доступні без зв'язку."],
  ru: ["Нет связи", "Эта страница ещё не сохранена на телефоне. Страницы, которые вы уже открывали, доступны без связи."],
  en: ["You are offline", "This page has not been saved on this phone yet. Pages you have opened before are available offline."],
};

/** A page never kept, with no network: say so plainly instead of the browser's error. */
async function offlinePage(request) {
  const url = new URL(request.url);
  const first = url.pathname.split("/")[1];
  const locale = first in OFFLINE_TEXT ? first : "uk";
  const order = [locale, ...Object.keys(OFFLINE_TEXT).filter((l) => l !== locale)];
  const cache = await caches.open(PAGES);
  const keptLinks = (await cache.keys())
    .map((r) => new URL(r.url))
    .filter((u) => u.origin === self.location.origin)
    .map((u) => `<li><a href="${escapeHtml(u.pathname + u.search)}">${escapeHtml(decodeURIComponent(u.pathname))}</a></li>`)
    .join("");
  const sections = order
    .map((l) => `<section lang="${l}"><h1>${OFFLINE_TEXT[l][0]}</h1><p>${OFFLINE_TEXT[l][1]}</p></section>`)
    .join("");
  const body =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${OFFLINE_TEXT[locale][0]}</title><style>body{font:16px/1.4 sans-serif;max-width:40em;margin:0 auto;padding:0 .5em}</style></head>` +
    `<body><div id="offline-page">${sections}${keptLinks ? `<ul>${keptLinks}</ul>` : ""}</div></body></html>`;
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Corridor-Offline": "1" },
  });
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function trim(cache, max) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key);
}
