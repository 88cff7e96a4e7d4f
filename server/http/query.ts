import type { z } from "zod";
import { problemResponse, type InvalidParam } from "./problem";

// The query of a public API request, checked by the zod schema the OpenAPI description is made
// from. Refused rather than ignored: a partner whose "?stauts=open" came back with every route
// would act on routes they never asked for. So an unknown parameter, a parameter given twice
// (which one would count is not ours to guess) and a bad value each answer 400, naming it.

export type QueryResult<T> = { ok: true; value: T } | { ok: false; response: Response };

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): QueryResult<z.output<S>> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  const repeated: InvalidParam[] = [];
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    if (values.length > 1) repeated.push({ name, reason: `given ${values.length} times; give it once` });
    raw[name] = values[0]!;
  }
  if (repeated.length) return refuse(request, repeated);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const invalid: InvalidParam[] = parsed.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((name) => ({ name, reason: "is not a parameter of this address" }));
    return [{ name: String(issue.path[0] ?? "(query)"), reason: issue.message }];
  });
  return refuse(request, invalid);
}

function refuse(request: Request, invalidParams: InvalidParam[]): { ok: false; response: Response } {
  const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join("; ");
  return { ok: false, response: problemResponse(request, "invalid-parameter", { detail, invalidParams }) };
}
