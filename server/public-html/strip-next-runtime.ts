import { Parser } from "htmlparser2";

// Residents' pages are read, not used: everything on them is in the server HTML, and the few
// things a resident does there (search suggestions, copying the SMS text, the map, keeping the
// page for offline) are small islands (islands/*.ts). So the HTML of those pages is served without
// Next's client runtime: React DOM, the router and the inline RSC payload (`self.__next_f.push`)
// are ~150 KB of gzip JavaScript a slow phone would parse and run to show text it already has.
//
// Done on the HTML with a real tokenizer (htmlparser2), not patterns: the positions of the
// elements to drop are taken from the parser and cut out of the original text, so everything else
// stays byte for byte as React rendered it.

/** What the transform needs to know about the built islands (server/public-html/manifest.ts). */
export type IslandScripts = Readonly<Record<string, { js: string }>>;

export type StripResult =
  | { ok: true; html: string; islands: string[] }
  /** The page is served unchanged, with Next's runtime: removing its scripts would hide content. */
  | { ok: false; reason: string };

/** Script types that are data, not code: kept (island data blocks, structured data). */
const DATA_SCRIPT_TYPES = new Set(["application/json", "application/ld+json"]);

/**
 * Removes Next's scripts (inline and /_next/static chunks, classic and module) and script preloads
 * from a server-rendered page, and adds one `<script type="module">` per island the page names
 * with `data-island="name"` (an island not in `islands` is left out and reported by its absence
 * from `result.islands`). The page's CSP nonce, taken from Next's own scripts, is carried onto the
 * island scripts.
 *
 * Refuses (returns ok: false, the caller serves the page unchanged) when the page streamed a
 * Suspense boundary: its content then sits in `<div hidden id="S:…">` and is only moved into
 * place by an inline `$RC` script, so without scripts it would never show. A boundary rendered
 * on the client (`<!--$!-->`: an error or a client-only component) is refused for the same
 * reason: its content exists only as JavaScript.
 */
export function stripNextRuntime(html: string, islands: IslandScripts): StripResult {
  const cuts: Array<[number, number]> = [];
  const named = new Set<string>();
  let refusal: string | null = null;
  let nonce: string | null = null;
  let headEnd = -1;
  // The <script> being read, when it is to be dropped: where it starts.
  let scriptStart: number | null = null;
  let inScript = false;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const island = attribs["data-island"];
        if (island) for (const word of island.split(/\s+/)) if (word) named.add(word);
        if (name === "script") {
          inScript = true;
          const type = (attribs.type ?? "").trim().toLowerCase();
          if (!DATA_SCRIPT_TYPES.has(type)) {
            scriptStart = parser.startIndex;
            if (attribs.nonce && nonce === null) nonce = attribs.nonce;
          }
        } else if (name === "link" && isScriptPreload(attribs)) {
          cuts.push([parser.startIndex, parser.endIndex + 1]);
        } else if (name === "template" && attribs.id?.startsWith("B:")) {
          refusal ??= "it holds a streamed Suspense boundary (<template id=\"B:…\">), which only a script would fill";
        } else if (attribs.hidden !== undefined && attribs.id?.startsWith("S:")) {
          refusal ??= "it holds streamed Suspense content (<div hidden id=\"S:…\">), which only a script would show";
        }
      },
      ontext(text) {
        // React's inline helpers that move streamed content into place: never expected on a page
        // without pending boundaries, and a sign of content that needs them.
        if (inScript && scriptStart !== null && /\$R[CSX]\b|\$RC\s*\(/.test(text)) refusal ??= "it holds React's streaming script ($RC), which moves streamed content into place";
      },
      onclosetag(name, isImplied) {
        if (name === "script") {
          if (scriptStart !== null) cuts.push([scriptStart, parser.endIndex + 1]);
          scriptStart = null;
          inScript = false;
        } else if (name === "head" && headEnd === -1 && !isImplied) {
          headEnd = parser.startIndex;
        }
      },
      oncomment(data) {
        // <!--$?--> a boundary still pending when the shell was sent; <!--$!--> one left to the client.
        if (data === "$?") refusal ??= "it holds a pending Suspense boundary (<!--$?-->), which only a script would fill";
        else if (data === "$!") refusal ??= "it holds a Suspense boundary rendered only on the client (<!--$!-->)";
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  if (refusal) return { ok: false, reason: refusal };
  if (headEnd === -1) return { ok: false, reason: "it has no </head> to put the islands in" };

  const used = [...named].filter((name) => Object.hasOwn(islands, name)).sort();
  // Module scripts are deferred: in <head> the browser finds them first and runs them after parsing.
  const tags = used.map((name) => `<script type="module" src="${escapeAttribute(islands[name]!.js)}"${nonce ? ` nonce="${escapeAttribute(nonce)}"` : ""}></script>`).join("");

  let out = "";
  let at = 0;
  const inserts: Array<[number, number, string]> = [...cuts.map(([from, to]) => [from, to, ""] as [number, number, string]), [headEnd, headEnd, tags]];
  inserts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [from, to, text] of inserts) {
    if (from < at) continue; // nested in a cut already made (cannot happen for scripts; defensive)
    out += html.slice(at, from) + text;
    at = to;
  }
  out += html.slice(at);
  return { ok: true, html: out, islands: used };
}

function isScriptPreload(attribs: Record<string, string>): boolean {
  const rel = (attribs.rel ?? "").toLowerCase().split(/\s+/);
  if (rel.includes("modulepreload")) return true;
  return rel.includes("preload") && (attribs.as ?? "").toLowerCase() === "script";
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
