import { getTranslations } from "next-intl/server";
import { SiteHeader } from "@/components/layout/site-header";
import { pageLocale } from "@/i18n/page-locale";
import { openApiDocument } from "@/app/api/v1/openapi";
import { PROBLEM_TYPES, problemType, type ProblemName } from "@/server/http/problem";
import { PUBLIC_CACHE_CONTROL } from "@/server/http/public-response";

// The partners' page: the API reference rendered from the OpenAPI description the API serves
// (app/api/v1/openapi.ts), so what it lists is what the handlers check and answer. The reference
// itself is in English (with lang="en" and "(in English)" on the other languages' pages): partners
// integrate in English, and a machine-made translation of parameter rules would mislead.

export const dynamic = "force-dynamic";

type Schema = { type?: string | string[]; enum?: unknown[]; pattern?: string; maxLength?: number; description?: string; example?: unknown };
type Parameter = { name: string; in: string; description?: string; schema?: Schema };
type Operation = { operationId?: string; summary?: string; description?: string; parameters?: Parameter[]; responses?: Record<string, { description?: string }> };

const PROBLEM_WHEN: Record<ProblemName, string> = {
  "not-found": "Any address under /api/v1 that is not listed here.",
  "invalid-parameter": "A query parameter this address does not take, one given twice, or a bad value (an empty one included). `invalidParams` names each with the reason.",
  "town-not-found": "`town` is well formed but names no town. `invalidParams` names it.",
  "method-not-allowed": "Any method but GET, HEAD and OPTIONS. The `Allow` header lists them.",
  withdrawn: "A CAP alert of a corridor window that has since been withdrawn: the alert is no longer in force and its content no longer public. The `Link` header (rel=\"alternate\", type application/cap+xml) gives the address of the Cancel that references it.",
  "bad-request": "The request itself is malformed: an address that is not valid percent-encoded UTF-8 (`%ff`), or a Host header that makes no URL.",
  "uri-too-long": "The path and query are longer than 2,048 characters.",
  unavailable: "The database could not be reached. Retry after the `Retry-After` seconds.",
};

function rule(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.enum) return `one of: ${schema.enum.join(", ")}`;
  if (schema.pattern) return `matching ${schema.pattern}${schema.maxLength ? `, at most ${schema.maxLength} characters` : ""}`;
  return String(schema.type ?? "");
}

export default async function ApiPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = await getTranslations("apiPage");
  const paths = Object.entries(openApiDocument.paths ?? {}) as Array<[string, { get?: Operation }]>;
  return (
    <>
      <SiteHeader />
      <main id="main" className="api-page">
        <h1>{t("title")}</h1>
        <p className="intro">{t("intro")}</p>
        <p>
          <a href="/api/v1/openapi.json">{t("openapi")}</a>
        </p>
        {locale !== "en" && <p className="written-in">{t("inEnglishNote")}</p>}
        <div lang="en">
          <section aria-labelledby="api-use">
            <h2 id="api-use">Using the API</h2>
            <p>{openApiDocument.info.description}</p>
            <ul>
              <li>
                Read-only, no key, no sign-in, CORS open (<code>Access-Control-Allow-Origin: *</code>). Methods: GET, HEAD, OPTIONS.
              </li>
              <li>
                Every answer says <code>Cache-Control: {PUBLIC_CACHE_CONTROL}</code> (a shorter max-age when what it says changes sooner by the
                clock alone, such as a status leaving its freshness window) and carries a strong <code>ETag</code> derived from the data. Poll
                with <code>If-None-Match</code> (weak comparison, lists and <code>*</code> as RFC 9110 says): while nothing a resident sees has
                changed you get <code>304 Not Modified</code> with no body. There is no <code>stale-while-revalidate</code>: a cache must never serve
                a stale &quot;open&quot;.
              </li>
              <li>
                A status past its freshness window is <code>unconfirmed</code>, never <code>open</code>; check <code>fresh</code> and{" "}
                <code>freshUntil</code> rather than your own clock. Times are ISO 8601 with the Kyiv offset of that date.
              </li>
              <li>Incident positions are rounded to 0.01° (about 1 km), or are the town&apos;s point. Internal incidents and those retracted as false are never given.</li>
              <li>Fields may be added to records (the description changes at the same moment); ignore fields you do not know. Existing fields keep their meaning.</li>
            </ul>
          </section>

          <section aria-labelledby="api-endpoints">
            <h2 id="api-endpoints">Endpoints</h2>
            {paths.map(([path, item]) => {
              const op = item.get;
              if (!op) return null;
              const query = (op.parameters ?? []).filter((p) => p.in === "query");
              const example = query.find((p) => p.schema?.example !== undefined);
              return (
                <section key={path} aria-labelledby={`op-${op.operationId}`} className="api-endpoint">
                  <h3 id={`op-${op.operationId}`}>
                    <code>GET {path}</code>: {op.summary}
                  </h3>
                  {op.description && <p>{op.description}</p>}
                  {query.length === 0 ? (
                    <p>No query parameters: any parameter is refused with 400.</p>
                  ) : (
                    <table>
                      <caption>Query parameters (each optional, at most once; any other is refused with 400)</caption>
                      <thead>
                        <tr>
                          <th scope="col">name</th>
                          <th scope="col">value</th>
                          <th scope="col">meaning</th>
                        </tr>
                      </thead>
                      <tbody>
                        {query.map((p) => (
                          <tr key={p.name}>
                            <td>
                              <code>{p.name}</code>
                            </td>
                            <td>{rule(p.schema)}</td>
                            <td>{p.description}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  <p>
                    Example: <code>{`curl -i '${path}${example ? `?${example.name}=${String(example.schema!.example)}` : ""}'`}</code>
                  </p>
                  <p>Answers: {Object.keys(op.responses ?? {}).join(", ")}.</p>
                </section>
              );
            })}
          </section>

          <section aria-labelledby="api-errors">
            <h2 id="api-errors">Errors</h2>
            <p>
              Errors are RFC 9457 problem details, <code>application/problem+json</code>, with <code>Cache-Control: no-store</code>: members{" "}
              <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>instance</code> and, for parameters,{" "}
              <code>invalidParams</code> (<code>name</code>, <code>reason</code>). Switch on <code>type</code>: it is the same string on every
              deployment, a reference relative to the API&apos;s address that leads to this section.
            </p>
            <pre>{`HTTP/1.1 400 Bad Request
Content-Type: application/problem+json; charset=utf-8
Cache-Control: no-store

{"type":"${problemType("invalid-parameter")}","title":"${PROBLEM_TYPES["invalid-parameter"].title}","status":400,
 "detail":"status: must be one of: open, caution, closed, unknown, unconfirmed",
 "instance":"/api/v1/routes?status=bogus",
 "invalidParams":[{"name":"status","reason":"must be one of: open, caution, closed, unknown, unconfirmed"}]}`}</pre>
            <dl>
              {(Object.keys(PROBLEM_TYPES) as ProblemName[]).map((name) => (
                <div key={name} id={`problem-${name}`}>
                  <dt>
                    <code>{problemType(name)}</code> ({PROBLEM_TYPES[name].status}, &quot;{PROBLEM_TYPES[name].title}&quot;)
                  </dt>
                  <dd>{PROBLEM_WHEN[name]}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="api-feeds">
            <h2 id="api-feeds">Feeds</h2>
            <p>
              Beside the API: <code>/feeds/status.atom?lang=uk|ru|en</code> (status changes), <code>/feeds/cap.atom</code> and{" "}
              <code>/feeds/cap/&#123;id&#125;.xml</code> (CAP 1.2 alerts), with the same caching.
            </p>
          </section>
        </div>
      </main>
    </>
  );
}
