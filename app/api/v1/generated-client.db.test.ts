import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedNationalScenario } from "@/db/seed-national";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { subscriberKeys } from "@/lib/sealing";

// What a partner does with the description: generates TypeScript types from /api/v1/openapi.json
// with openapi-typescript (the usual generator, used by openapi-fetch), and reads our answers
// through them. Here every documented GET is called on the small national scenario (90 routes,
// 120 incidents), every page of every list is followed through its Link header at limit=100 and
// at limit=7, each JSON answer is validated with ajv against the document as published (open
// records), and the TypeScript compiler checks that each answer, as received, is a value of the
// generated type of that operation, status and media type, and that the documented parameters
// (limit: 100, a cursor) type-check as a client sends them.

const state = vi.hoisted(() => ({ db: null as Db | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db! }));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
const modules: Record<string, { GET: Handler }> = {
  "/api/v1/towns": (await import("./towns/route")) as unknown as { GET: Handler },
  "/api/v1/routes": (await import("./routes/route")) as unknown as { GET: Handler },
  "/api/v1/routes.geojson": (await import("./routes.geojson/route")) as unknown as { GET: Handler },
  "/api/v1/incidents.geojson": (await import("./incidents.geojson/route")) as unknown as { GET: Handler },
  "/api/v1/reception-points": (await import("./reception-points/route")) as unknown as { GET: Handler },
  "/api/v1/reception-points.csv": (await import("./reception-points.csv/route")) as unknown as { GET: Handler },
  "/api/v1/transport-run-counts": (await import("./transport-run-counts/route")) as unknown as { GET: Handler },
  "/api/v1/openapi.json": (await import("./openapi.json/route")) as unknown as { GET: Handler },
  "/api/v1/problems/{name}": (await import("./problems/[name]/route")) as unknown as { GET: Handler },
  "/feeds/status.atom": (await import("../../feeds/status.atom/route")) as unknown as { GET: Handler },
  "/feeds/cap.atom": (await import("../../feeds/cap.atom/route")) as unknown as { GET: Handler },
  "/feeds/cap/{file}": (await import("../../feeds/cap/[file]/route")) as unknown as { GET: Handler },
};

const BASE = "http://localhost:3000";
type Doc = { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }> };
/** One answer as a client gets it. */
type Answer = { path: string; url: string; status: number; type: string | null; body: unknown };

let t: TestDb;
let doc: Doc;
let dir: string;
const answers: Answer[] = [];

async function call(docPath: string, url: string, params: Record<string, string> = {}): Promise<Answer> {
  const response = await modules[docPath]!.GET(new Request(`${BASE}${url}`), { params: Promise.resolve(params) });
  const type = response.headers.get("content-type")?.split(";")[0] ?? null;
  const text = await response.text();
  const answer = { path: docPath, url, status: response.status, type, body: type?.endsWith("json") ? (JSON.parse(text) as unknown) : text };
  answers.push(answer);
  return answer;
}

/** Every page of a list, from `url` on, following Link: rel="next" as a client does. */
async function everyPage(docPath: string, url: string): Promise<{ pages: Answer[]; total: number }> {
  const pages: Answer[] = [];
  let total = NaN;
  let next: string | null = url;
  while (next) {
    const response = await modules[docPath]!.GET(new Request(`${BASE}${next}`), { params: Promise.resolve({}) });
    const body: unknown = await response.json();
    total = Number(response.headers.get("x-total-count"));
    const answer = { path: docPath, url: next, status: response.status, type: response.headers.get("content-type")?.split(";")[0] ?? null, body };
    answers.push(answer);
    pages.push(answer);
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    next = link ? new URL(link, BASE).pathname + new URL(link, BASE).search : null;
    expect(pages.length, `${url}: more pages than any list has`).toBeLessThan(50);
  }
  return { pages, total };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "small", seed: 5, keys: subscriberKeys(crypto.randomBytes(32)) });
  state.db = t.db;
  doc = (await call("/api/v1/openapi.json", "/api/v1/openapi.json")).body as Doc;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-generated-client-"));
  // What `npx openapi-typescript https://…/api/v1/openapi.json -o api.d.ts` writes.
  fs.writeFileSync(path.join(dir, "api.d.ts"), astToString(await openapiTS(doc as never)));
}, 120_000);

afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await t?.drop();
});

/** Type-checks `source` beside the generated api.d.ts, strictly; returns the compiler's errors. */
function typeErrors(name: string, source: string): string[] {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: [] });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n").slice(0, 400)}`);
}

/**
 * A module that hands each JSON answer to the generated type of its operation, status and media
 * type. Through a generic: literal types are kept (an enum field stays "open", not string), and,
 * as for a parsed answer, a field the type does not know is no error.
 */
function clientModule(checked: Answer[]): string {
  const lines = [
    'import type { paths } from "./api";',
    "const accept = <T,>() => <U extends T>(value: U): U => value;",
    "type Body<P extends keyof paths, S extends keyof paths[P][\"get\"][\"responses\"], C extends string> = paths[P][\"get\"][\"responses\"][S] extends { content: infer B } ? (C extends keyof B ? B[C] : never) : never;",
  ];
  checked.forEach((answer, i) => {
    lines.push(`// ${answer.status} ${answer.url}`);
    lines.push(`export const answer${i} = accept<Body<${JSON.stringify(answer.path)}, ${answer.status}, ${JSON.stringify(answer.type)}>>()(${JSON.stringify(answer.body)});`);
  });
  return lines.join("\n");
}

describe("a client generated from the description with openapi-typescript", () => {
  it("calls every documented operation, and each JSON answer validates against the published document", async () => {
    for (const list of ["/api/v1/towns", "/api/v1/routes", "/api/v1/routes.geojson", "/api/v1/incidents.geojson", "/api/v1/reception-points"]) {
      const { pages, total } = await everyPage(list, `${list}?limit=100`);
      expect(pages.every((p) => p.status === 200), list).toBe(true);
      expect(pages.length, `${list}: ${total} at 100 a page`).toBe(Math.max(1, Math.ceil(total / 100)));
      expect((await everyPage(list, `${list}?limit=7`)).pages.length, list).toBe(Math.max(1, Math.ceil(total / 7)));
    }
    await call("/api/v1/routes", "/api/v1/routes?status=bogus");
    await call("/api/v1/routes", "/api/v1/routes?town=atlantis");
    await call("/api/v1/incidents.geojson", "/api/v1/incidents.geojson?limit=0");
    await call("/api/v1/reception-points", "/api/v1/reception-points?town=atlantis");
    await call("/api/v1/reception-points.csv", "/api/v1/reception-points.csv?town=zaporizhzhia");
    await call("/api/v1/transport-run-counts", "/api/v1/transport-run-counts?town=lysychansk");
    await call("/api/v1/transport-run-counts", "/api/v1/transport-run-counts?town=atlantis");
    await call("/api/v1/problems/{name}", "/api/v1/problems/invalid-parameter", { name: "invalid-parameter" });
    await call("/api/v1/problems/{name}", "/api/v1/problems/nope", { name: "nope" });
    await call("/feeds/status.atom", "/feeds/status.atom?lang=uk");
    const index = await call("/feeds/cap.atom", "/feeds/cap.atom");
    const file = /\/feeds\/cap\/([0-9a-f-]{36}\.xml)/.exec(String(index.body))?.[1];
    expect(file, "the scenario has a CAP alert in force").toBeDefined();
    await call("/feeds/cap/{file}", `/feeds/cap/${file}`, { file: file! });
    await call("/feeds/cap/{file}", "/feeds/cap/00000000-0000-4000-8000-000000000000.xml", { file: "00000000-0000-4000-8000-000000000000.xml" });
    await call("/api/v1/openapi.json", "/api/v1/openapi.json?x=1");

    expect(new Set(answers.map((a) => a.path))).toEqual(new Set(Object.keys(doc.paths)));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    for (const keyword of ["example", "discriminator", "xml", "externalDocs", ...Object.keys(doc)]) ajv.addKeyword({ keyword });
    ajv.addSchema({ ...doc, $id: "openapi.json" }, undefined, undefined, false);
    const escape = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
    for (const answer of answers) {
      const described = doc.paths[answer.path]!.get.responses[String(answer.status)];
      expect(described, `${answer.url} answered ${answer.status}, which is not described`).toBeDefined();
      if (!described!.content) {
        expect(answer.body, answer.url).toBe("");
        continue;
      }
      expect(Object.keys(described!.content), `${answer.url} as ${answer.type}`).toContain(answer.type);
      if (!answer.type!.endsWith("json")) continue;
      const validate = ajv.compile({ $ref: `openapi.json#/paths/${[answer.path, "get", "responses", String(answer.status), "content", answer.type!, "schema"].map(escape).join("/")}` });
      expect(validate(answer.body) ? [] : validate.errors, `${answer.status} ${answer.url}`).toEqual([]);
    }
  }, 120_000);

  it("type-checks every answer against the generated types, and the parameters a client sends", () => {
    const json = answers.filter((a) => a.type?.endsWith("json") && a.path !== "/api/v1/openapi.json");
    expect(json.length).toBeGreaterThan(10);
    const parameters = [
      'import type { paths } from "./api";',
      'type Query<P extends keyof paths> = NonNullable<paths[P]["get"]["parameters"]["query"]>;',
      'export const a: Query<"/api/v1/routes"> = { limit: 100, status: "open", town: "lysychansk" };',
      'export const b: Query<"/api/v1/incidents.geojson"> = { limit: 100, cursor: "opaque" };',
      'export const c: Query<"/api/v1/towns"> = { limit: 100 };',
      'export const d: paths["/api/v1/problems/{name}"]["get"]["parameters"]["path"] = { name: "invalid-parameter" };',
    ].join("\n");
    expect(typeErrors("parameters.ts", parameters)).toEqual([]);
    expect(typeErrors("client.ts", clientModule(json))).toEqual([]);
  }, 120_000);

  it("would catch an answer the generated client cannot take (the check can fail)", () => {
    const routes = answers.find((a) => a.path === "/api/v1/routes" && a.status === 200)!;
    const body = routes.body as { routes: Record<string, unknown>[] };
    const wrong = { ...routes, body: { ...body, routes: [{ ...body.routes[0], status: "probably-open" }] } };
    expect(typeErrors("wrong.ts", clientModule([wrong])).join("\n")).toMatch(/probably-open/);
    const missing = { ...routes, body: { ...body, routes: [{ ...body.routes[0], slug: undefined }] } };
    expect(typeErrors("missing.ts", clientModule([missing]))).not.toEqual([]);
    expect(typeErrors("limit.ts", 'import type { paths } from "./api";\nexport const q: NonNullable<paths["/api/v1/routes"]["get"]["parameters"]["query"]> = { limit: "100" };')).not.toEqual([]);
  }, 120_000);
});
