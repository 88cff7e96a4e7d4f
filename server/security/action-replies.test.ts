import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppFormPost, isAppReply, MAX_STATE_DEPTH } from "./request-guard";

// Server action arguments are checked against the one shape this app's forms send before Next
// decodes them. Checked against React itself: what its client encodes for a form action passes,
// and nothing that passes makes its server decoder throw. The decoder needs the react-server
// condition, so it runs in a child process given every encoding at once.

const require = createRequire(import.meta.url);
// The encoder Next's browser runtime uses, in its Node build (same format).
const client = require("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.node.production.js") as {
  encodeReply(value: unknown): Promise<FormData | string>;
  createServerReference(id: string, callServer: () => void): (...args: unknown[]) => unknown;
};
const SERVER = require.resolve("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-server.node.production.js");

type Fields = [string, string][];
const formOf = (fields: Fields) => {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return form;
};
const fieldsOf = (form: FormData): Fields => [...form].map(([name, value]) => [name, String(value)]);

/**
 * Decodes each encoding with React's server decoder: "ok" and the decoded JSON, or "threw" (a 500
 * in Next), or "hung". A "reply" is what a call with a Next-Action header carries; a "form post"
 * is a form posted without JavaScript, whose bound arguments decodeFormState decodes as
 * decodeAction does (without loading the action's module; "$ACTION_KEY" makes it look).
 */
function decodeAll(encodings: Fields[], as: "reply" | "form post" = "reply"): { outcome: "ok" | "threw" | "hung"; value?: string; error?: string }[] {
  const script = `
    const server = require(${JSON.stringify(SERVER)});
    let input = "";
    process.stdin.on("data", (c) => (input += c));
    process.stdin.on("end", async () => {
      const out = [];
      for (const fields of JSON.parse(input)) {
        const form = new FormData();
        for (const [k, v] of fields) form.append(k, v);
        try {
          if (${JSON.stringify(as)} === "form post" && !form.has("$ACTION_KEY")) form.append("$ACTION_KEY", "k0");
          const decoding = ${JSON.stringify(as)} === "form post" ? server.decodeFormState(null, form, {}) : server.decodeReply(form, {}, {});
          const decoded = await Promise.race([decoding, new Promise((_, reject) => setTimeout(() => reject(new Error("hung")), 200))]);
          out.push({ outcome: "ok", value: JSON.stringify(decoded, (k, v) => (v instanceof FormData ? [...v] : v === undefined ? "<undefined>" : v)) });
        } catch (e) {
          out.push(e.message === "hung" ? { outcome: "hung" } : { outcome: "threw", error: String(e.message).slice(0, 200) });
        }
      }
      process.stdout.write(JSON.stringify(out));
    });`;
  const result = spawnSync(process.execPath, ["--conditions=react-server", "-e", script], { input: JSON.stringify(encodings), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`the decoder did not run: ${result.stderr}`);
  return JSON.parse(result.stdout) as ReturnType<typeof decodeAll>;
}

// A form's previous state as actions return it: plain JSON of strings, numbers, booleans and null
// (and undefined, which React writes as a constant), nested no deeper than FormState does.
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("$", "$$", "$K1", "$undefined", "$@0", "$Z1", "$D2026-01-01T00:00:00.000Z"));
const { state } = fc.letrec((tie) => ({
  state: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    text,
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("state"), { maxLength: 3 }),
    fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,8}$/), tie("state"), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const formEntries = fc.array(fc.tuple(fc.stringMatching(/^[a-zA-Z$_][a-zA-Z0-9$_:]{0,10}$/), text), { maxLength: 4 });

describe("server action arguments: only the shape this app's forms send", () => {
  it("passes everything React's client encodes for a form action, which its decoder reads back", async () => {
    const encodings: Fields[] = [];
    const samples = fc.sample(fc.tuple(fc.option(state, { nil: Symbol.for("no state") }), formEntries), { numRuns: 300, seed: 4242 });
    for (const [previous, entries] of samples) {
      const args = previous === Symbol.for("no state") ? [formOf(entries)] : [previous, formOf(entries)];
      const encoded = await client.encodeReply(args);
      // A reply with nothing outlined is a bare string; actions always send a form, so never.
      expect(encoded).toBeInstanceOf(FormData);
      const fields = fieldsOf(encoded as FormData);
      expect(isAppReply(encoded as FormData), JSON.stringify(fields)).toBe(true);
      encodings.push(fields);
    }
    const decoded = decodeAll(encodings);
    const failed = decoded.map((d, i) => ({ ...d, fields: encodings[i] })).filter((d) => d.outcome !== "ok");
    expect(failed).toEqual([]);
  });

  it("never passes what React's decoder throws on or waits for ever over (generated encodings)", () => {
    const hex = fc.integer({ min: 0, max: 5 }).map((n) => n.toString(16));
    const reference = fc.tuple(fc.constantFrom("", "$", "@", "F", "h", "Q", "W", "K", "i", "D", "n", "T", "Z", "B", "R", "X", "x", "u", "S", "-", "N", "I", "A", "O", "l"), hex).map(([tag, id]) => `$${tag}${id}`);
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", maxDepth: 4 },
        reference,
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,4}$/), tie("value"), { maxKeys: 3, noNullPrototype: true }),
      ),
    }));
    const fieldName = fc.oneof(fc.constantFrom("0", "1", "2", "_1_email", "_2_x", "1_email", "_0_a", "$ACTION_ID_1", "_1_"), fc.stringMatching(/^_?[0-9a-f]{1,2}_?[a-z]{0,3}$/));
    const encoding = fc.oneof(
      // Anything at all.
      fc.array(fc.tuple(fieldName, fc.oneof(value.map((v) => JSON.stringify(v)), fc.string({ maxLength: 8 }))), { maxLength: 5 }),
      // Close to the app's shape: a root of one or two arguments, the last a form reference.
      fc.tuple(fc.option(value, { nil: undefined }), reference, fc.array(fc.tuple(fieldName, text), { maxLength: 3 }), fc.array(fc.tuple(fc.constantFrom("1", "2", "3"), value.map((v) => JSON.stringify(v))), { maxLength: 2 })).map(
        ([previous, last, entries, extra]): Fields => [...entries, ...extra, ["0", JSON.stringify(previous === undefined ? [last] : [previous, last])]],
      ),
      // The app's shape, with anything as the state.
      fc.tuple(value, fc.array(fc.tuple(fc.stringMatching(/^[a-z$]{1,6}$/), text), { maxLength: 3 })).map(([previous, entries]): Fields => [
        ...entries.map(([name, v]): [string, string] => [`_1_${name}`, v]),
        ["0", JSON.stringify([previous, "$K1"])],
      ]),
    );
    const samples = fc.sample(encoding, { numRuns: 3_000, seed: 2525 });
    const passed = samples.filter((fields) => isAppReply(formOf(fields)));
    // Enough pass for the check to mean something, and most do not.
    expect(passed.length).toBeGreaterThan(30);
    expect(passed.length).toBeLessThan(samples.length / 2);
    const decoded = decodeAll(passed);
    const failed = decoded.map((d, i) => ({ ...d, fields: passed[i] })).filter((d) => d.outcome !== "ok");
    expect(failed).toEqual([]);
    // And the check is against something real: among what is refused, the decoder throws on or
    // waits for plenty.
    const refused = decodeAll(samples.filter((fields) => !isAppReply(formOf(fields))).slice(0, 400));
    expect(refused.filter((d) => d.outcome !== "ok").length).toBeGreaterThan(50);
  });

  it("refuses the known bad encoding and roots nested past any state, without running out of stack", () => {
    expect(decodeAll([[["0", '["$Z1"]']]])[0]!.outcome).not.toBe("ok");
    expect(isAppReply(formOf([["0", '["$Z1"]']]))).toBe(false);
    const deep = (n: number, inner = "1") => "[".repeat(n) + inner + "]".repeat(n);
    const objectDeep = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    for (const root of [deep(5_000), deep(200_000), `[${deep(5_000)},"$K1"]`, `[${objectDeep(5_000)},"$K1"]`, `[${deep(MAX_STATE_DEPTH + 1)},"$K1"]`]) {
      expect(() => isAppReply(formOf([["0", root]]))).not.toThrow();
      expect(isAppReply(formOf([["0", root]]))).toBe(false);
    }
    expect(isAppReply(formOf([["0", `[${deep(MAX_STATE_DEPTH - 1)},"$K1"]`]]))).toBe(true);
  });

  it("a form posted without JavaScript: passes what React's renderer writes, which its decoder reads back", async () => {
    const samples = fc.sample(fc.tuple(fc.option(state, { nil: Symbol.for("nothing bound") }), formEntries, fc.integer({ min: 0, max: 30 })), { numRuns: 200, seed: 7171 });
    const encodings: Fields[] = [];
    for (const [previous, entries, formId] of samples) {
      const reference = client.createServerReference("7f" + "0a".repeat(20), () => {});
      const action = (previous === Symbol.for("nothing bound") ? reference : reference.bind(null, previous)) as unknown as { $$FORM_ACTION(prefix: string): { name: string; data: FormData | null } };
      const hidden = await formActionOf(action, String(formId));
      const fields: Fields = [[hidden.name, ""], ...(hidden.data ? fieldsOf(hidden.data) : []), ...(hidden.data ? [["$ACTION_KEY", "k" + "0".repeat(32)] as [string, string]] : []), ...entries.filter(([name]) => !name.startsWith("$ACTION_"))];
      expect(isAppFormPost(formOf(fields)), JSON.stringify(fields)).toBe(true);
      encodings.push(fields);
    }
    const failed = decodeAll(encodings, "form post")
      .map((d, i) => ({ ...d, fields: encodings[i] }))
      .filter((d) => d.outcome !== "ok");
    expect(failed).toEqual([]);
  });

  it("a form posted without JavaScript: never passes what React's decoder throws on or waits for (generated)", () => {
    const hex = fc.integer({ min: 0, max: 3 }).map((n) => n.toString(16));
    const reference = fc.tuple(fc.constantFrom("", "$", "@", "F", "Q", "K", "D", "n", "T", "Z", "B", "R", "X", "u", "-"), hex).map(([tag, id]) => `$${tag}${id}`);
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small", maxDepth: 4 }, reference, text, fc.integer(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie("value"), { maxKeys: 3, noNullPrototype: true })),
    }));
    const metadata = fc.oneof(
      fc.tuple(fc.constantFrom("7f01", "x"), fc.oneof(reference, value)).map(([id, bound]) => JSON.stringify({ id, bound })),
      value.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 8 }),
    );
    const name = fc.constantFrom("$ACTION_REF_1", "$ACTION_REF_2", "$ACTION_1:0", "$ACTION_1:1", "$ACTION_1:2", "$ACTION_2:0", "$ACTION_KEY", "$ACTION_ID_7f01", "email", "$ACTION_1:", "$ACTION_:0");
    const encoding = fc.oneof(
      fc.array(fc.tuple(name, fc.oneof(metadata, value.map((v) => JSON.stringify(v)))), { maxLength: 5 }),
      // Close to the shape: a reference, its metadata and its bound arguments, any of them off.
      fc.tuple(metadata, fc.oneof(value.map((v) => JSON.stringify([v])), value.map((v) => JSON.stringify(v))), fc.array(fc.tuple(name, value.map((v) => JSON.stringify(v))), { maxLength: 2 })).map(
        ([meta, bound, extra]): Fields => [["$ACTION_REF_1", ""], ["$ACTION_1:0", meta], ["$ACTION_1:1", bound], ...extra],
      ),
      fc.tuple(value, fc.boolean()).map(([previous, wrapped]): Fields => [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$@1"}'], ["$ACTION_1:1", JSON.stringify(wrapped ? [previous] : previous)]]),
    );
    const samples = fc.sample(encoding, { numRuns: 3_000, seed: 3131 });
    const passed = samples.filter((fields) => isAppFormPost(formOf(fields)));
    expect(passed.length).toBeGreaterThan(30);
    expect(passed.length).toBeLessThan(samples.length / 2);
    const failed = decodeAll(passed, "form post")
      .map((d, i) => ({ ...d, fields: passed[i] }))
      .filter((d) => d.outcome !== "ok");
    expect(failed).toEqual([]);
    const refused = decodeAll(samples.filter((fields) => !isAppFormPost(formOf(fields))).slice(0, 400), "form post");
    expect(refused.filter((d) => d.outcome !== "ok").length).toBeGreaterThan(50);
  });

  it("a form posted without JavaScript: refuses the known bad encodings and deep nesting, without running out of stack", () => {
    const deep = (n: number) => "[".repeat(n) + "1" + "]".repeat(n);
    const posts: Fields[] = [
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$Z1"}']],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '["$Z1"]']],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$@1"}'], ["$ACTION_1:1", '["$Z1"]']],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$@1"}'], ["$ACTION_1:1", `[${deep(5_000)}]`]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", deep(5_000)]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", deep(200_000)]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$@1"}'], ["$ACTION_1:1", `[${deep(MAX_STATE_DEPTH)}]`]],
      // Fields under a prefix no reference names, and a reference with nothing bound.
      [["$ACTION_ID_7f01", ""], ["$ACTION_1:0", '["$Z1"]']],
      [["$ACTION_REF_1", ""]],
    ];
    expect(decodeAll(posts.slice(0, 3), "form post").every((d) => d.outcome !== "ok")).toBe(true);
    for (const fields of posts) {
      expect(() => isAppFormPost(formOf(fields))).not.toThrow();
      expect(isAppFormPost(formOf(fields)), JSON.stringify(fields).slice(0, 100)).toBe(false);
    }
    expect(isAppFormPost(formOf([["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"7f01","bound":"$@1"}'], ["$ACTION_1:1", `[${deep(MAX_STATE_DEPTH - 2)}]`]]))).toBe(true);
    // A post that is no action at all (a plain form) is Next's to answer.
    expect(isAppFormPost(formOf([["email", "$Z1"], ["0", '["$Z1"]']]))).toBe(true);
  });
});

/** The hidden fields React's server renderer writes for a form action (it retries while the bound arguments encode). */
async function formActionOf(action: { $$FORM_ACTION(prefix: string): { name: string; data: FormData | null } }, prefix: string) {
  for (;;) {
    try {
      return action.$$FORM_ACTION(prefix);
    } catch (thrown) {
      if (!(thrown instanceof Object) || typeof (thrown as PromiseLike<unknown>).then !== "function") throw thrown;
      await Promise.resolve(thrown as PromiseLike<unknown>).catch(() => {});
    }
  }
}
