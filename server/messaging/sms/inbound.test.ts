import { describe, expect, it, vi } from "vitest";
import type { SmsConfig } from "@/env";
import { publicCacheKey } from "@/server/public-cache/policy";
import type { BotReply, ResidentMessage } from "../types";
import { createSmsInboundHandler, SMS_BODY_LIMIT_BYTES, twimlResponse } from "./inbound";
import { inboundSmsParams, signedSmsRequest, signSmsWebhook } from "@/tests/stand-ins/sign-sms-webhook";
import { checkTwiml } from "@/tests/twiml-check";

// The webhook's HTTP rules with the conversation stood in for (the db test drives the real one).

const TOKEN = "unit-sms-auth-token-0123456789";
const BASE = "https://corridor.example.org";
const URL_ = `${BASE}/api/sms/inbound`;
const RESIDENT = "+380501234567";
const on: SmsConfig = { authToken: TOKEN, apiUrl: null, accountSid: null, from: null, perSecond: 10 };

function setup(options: { config?: SmsConfig | null; answer?: (m: ResidentMessage) => Promise<BotReply> } = {}) {
  const answer = vi.fn(options.answer ?? (async (m: ResidentMessage): Promise<BotReply> => ({ locale: "uk", text: `Ви написали: ${m.text}`, choices: [] })));
  // The answered ids, as the database keeps them.
  const seen = new Set<string>();
  const handler = createSmsInboundHandler({
    config: () => (options.config === undefined ? on : options.config),
    publicBaseUrl: () => BASE,
    answer,
    claim: async (sid) => !seen.has(sid) && Boolean(seen.add(sid)),
    release: async (sid) => void seen.delete(sid),
  });
  return { handler, answer };
}

describe("the SMS webhook", () => {
  it("answers a message once: the same signed request again gets no message and reaches no conversation", async () => {
    const { handler, answer } = setup();
    const params = inboundSmsParams(RESIDENT, "SUB Lysychansk");
    expect(checkTwiml(await (await handler.post(signedSmsRequest(TOKEN, URL_, params))).text())).toHaveLength(1);
    const again = await handler.post(signedSmsRequest(TOKEN, URL_, params));
    expect(again.status).toBe(200);
    // TwiML with no <Message>: the gateway sends nothing back.
    expect(await again.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(answer).toHaveBeenCalledTimes(1);
  });

  it("answers a retry of a message whose answer failed, and refuses one without a MessageSid", async () => {
    let fail = true;
    const { handler, answer } = setup({
      answer: async () => {
        if (fail) throw new Error("database down");
        return { locale: "uk", text: "Так", choices: [] };
      },
    });
    const params = inboundSmsParams(RESIDENT, "Lysychansk");
    // The failure is logged; silenced here only, or console.error stays silent for every file after it.
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, params))).status).toBe(503);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
    fail = false;
    expect(checkTwiml(await (await handler.post(signedSmsRequest(TOKEN, URL_, params))).text())).toEqual(["Так"]);
    expect(answer).toHaveBeenCalledTimes(2);
    const { MessageSid: _sid, ...noSid } = inboundSmsParams(RESIDENT, "Lysychansk");
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, noSid))).status).toBe(400);
  });

  it("answers a signed message with TwiML: one <Message> with the conversation's text", async () => {
    const { handler, answer } = setup();
    const res = await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "ЛИСИЧАНСЬК")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(checkTwiml(await res.text())).toEqual(["Ви написали: ЛИСИЧАНСЬК"]);
    expect(answer).toHaveBeenCalledWith({ channel: "sms", address: RESIDENT, text: "ЛИСИЧАНСЬК", languageHint: null });
  });

  it("follows the answer with the conversation's follow-ups, each its own message", async () => {
    const { handler } = setup({ answer: async () => ({ locale: "uk", text: "Маршрути", choices: [], followUps: ["Попередження 1", "Попередження 2"] }) });
    const res = await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "Лисичанськ")));
    expect(checkTwiml(await res.text())).toEqual(["Маршрути", "Попередження 1", "Попередження 2"]);
  });

  it("checks the signature against the public URL, not the Host the request came in on", async () => {
    const { handler, answer } = setup();
    const params = inboundSmsParams(RESIDENT, "Lysychansk");
    const body = new URLSearchParams(params).toString();
    const headers = (signature: string) => ({ "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature });
    // Signed for the public URL, arriving at the internal address behind a proxy: accepted.
    const internal = new Request("http://10.0.0.5:3000/api/sms/inbound", { method: "POST", headers: headers(signSmsWebhook(TOKEN, URL_, params)), body });
    expect((await handler.post(internal)).status).toBe(200);
    // Signed for the address the request claims to have reached: refused.
    const forged = new Request("http://evil.example/api/sms/inbound", {
      method: "POST",
      headers: headers(signSmsWebhook(TOKEN, "http://evil.example/api/sms/inbound", params)),
      body,
    });
    expect((await handler.post(forged)).status).toBe(403);
    expect(answer).toHaveBeenCalledTimes(1);
  });

  it("includes the query string in the signed URL", async () => {
    const { handler } = setup();
    const params = inboundSmsParams(RESIDENT, "Lysychansk");
    expect((await handler.post(signedSmsRequest(TOKEN, `${URL_}?gateway=primary`, params))).status).toBe(200);
    // The same signature without the query string it covered: refused.
    const sig = signSmsWebhook(TOKEN, `${URL_}?gateway=primary`, params);
    const bare = new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig }, body: new URLSearchParams(params).toString() });
    expect((await handler.post(bare)).status).toBe(403);
  });

  it("403 without a signature, with a bad one, one made with another token, or with a tampered body; the conversation is never asked", async () => {
    const { handler, answer } = setup();
    const params = inboundSmsParams(RESIDENT, "SUB Lysychansk");
    const body = new URLSearchParams(params).toString();
    const post = (headers: Record<string, string>, b = body) =>
      handler.post(new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: b }));
    expect((await post({})).status).toBe(403);
    expect((await post({ "x-twilio-signature": "" })).status).toBe(403);
    expect((await post({ "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" })).status).toBe(403);
    expect((await post({ "x-twilio-signature": signSmsWebhook("another-token-0123456789", URL_, params) })).status).toBe(403);
    const tampered = new URLSearchParams({ ...params, From: "+380509999999" }).toString();
    expect((await post({ "x-twilio-signature": signSmsWebhook(TOKEN, URL_, params) }, tampered)).status).toBe(403);
    expect(answer).not.toHaveBeenCalled();
  });

  it("404 while SMS is off, for every method", async () => {
    const { handler, answer } = setup({ config: null });
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "hi")))).status).toBe(404);
    expect(handler.refuseMethod().status).toBe(404);
    expect(answer).not.toHaveBeenCalled();
  });

  it("405 with Allow: POST for other methods", () => {
    const res = setup().handler.refuseMethod();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("415 for anything but a form", async () => {
    const { handler } = setup();
    for (const type of ["application/json", "text/plain", "multipart/form-data; boundary=x", ""]) {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const res = await handler.post(new Request(URL_, { method: "POST", headers, body: '{"From":"+380501234567"}' }));
      expect(res.status, type).toBe(415);
    }
    // The charset parameter and case do not matter.
    const res = await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "hi")));
    expect(res.status).toBe(200);
  });

  it("413 for a body over the limit, declared or streamed", async () => {
    const { handler, answer } = setup();
    const big = `From=%2B380501234567&Body=${"x".repeat(SMS_BODY_LIMIT_BYTES)}`;
    const declared = await handler.post(new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: big }));
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const streamed = await handler.post(
      new Request(URL_, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: stream, duplex: "half" } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(answer).not.toHaveBeenCalled();
  });

  it("takes 4,000 Cyrillic characters (24 KB encoded) to the conversation rather than refusing them", async () => {
    const { handler, answer } = setup({ answer: async () => ({ locale: "uk", text: "Задовге повідомлення.", choices: [] }) });
    const res = await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "Л".repeat(4000))));
    expect(res.status).toBe(200);
    expect(checkTwiml(await res.text())).toEqual(["Задовге повідомлення."]);
    expect(answer.mock.calls[0]![0].text).toHaveLength(4000);
  });

  it("400 for a signed request without a usable From", async () => {
    const { handler, answer } = setup();
    const { From: _from, ...withoutFrom } = inboundSmsParams(RESIDENT, "hi");
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, withoutFrom))).status).toBe(400);
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams("not a number", "hi")))).status).toBe(400);
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams("+380501234567; drop", "hi")))).status).toBe(400);
    // Two From or two Body fields, correctly signed: not one message.
    for (const body of [`From=%2B380501234567&From=%2B380509999999&Body=hi`, `From=%2B380501234567&Body=SUB+Lysychansk&Body=STOP`]) {
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body)) params[k] = params[k] === undefined ? v : [params[k] as string, v];
      const res = await handler.post(
        new Request(URL_, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signSmsWebhook(TOKEN, URL_, params) },
          body,
        }),
      );
      expect(res.status, body).toBe(400);
    }
    expect(answer).not.toHaveBeenCalled();
  });

  it("a missing Body is an empty message; control characters become spaces", async () => {
    const { handler, answer } = setup();
    const { Body: _body, ...withoutBody } = inboundSmsParams(RESIDENT, "");
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, withoutBody))).status).toBe(200);
    expect(answer.mock.calls[0]![0].text).toBe("");
    expect((await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "Lys\u0000ych\u001bansk")))).status).toBe(200);
    expect(answer.mock.calls[1]![0].text).toBe("Lys ych ansk");
  });

  it("a body that is not valid form encoding or UTF-8 is still answered, never a 500", async () => {
    const { handler } = setup();
    for (const body of ["%%%&&&==", "From=%2B380501234567&Body=%FF%FE%C0", "\u0000\u0001", "=&=&From"]) {
      const params = Object.fromEntries(new URLSearchParams(body));
      const res = await handler.post(
        new Request(URL_, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signSmsWebhook(TOKEN, URL_, params) },
          body,
        }),
      );
      expect([200, 400], body).toContain(res.status);
    }
  });

  it("when the conversation fails (database down), 503 and a log line without the number or the text", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { handler } = setup({
      answer: async (m) => {
        throw Object.assign(new Error(`insert failed for ${m.address}: ${m.text}`), { code: "ECONNREFUSED" });
      },
    });
    const res = await handler.post(signedSmsRequest(TOKEN, URL_, inboundSmsParams(RESIDENT, "secret words")));
    expect(res.status).toBe(503);
    const logged = JSON.stringify(log.mock.calls);
    expect(logged).not.toContain("501234567");
    expect(logged).not.toContain("secret words");
    expect(logged).toContain("ECONNREFUSED");
    log.mockRestore();
  });
});

describe("what stands in front of the webhook", () => {
  it("the public response cache never keeps its answers (they are per resident)", () => {
    for (const method of ["POST", "GET", "HEAD"]) expect(publicCacheKey({ method, url: "/api/sms/inbound", headers: {} })).toBeNull();
  });
});

describe("twimlResponse", () => {
  it("sends each follow-up as a <Message> of its own, after the answer", async () => {
    expect(checkTwiml(await twimlResponse(["Лисичанськ → Бахмут: відкрито", "Попередження: обстріли", ""]).text())).toEqual([
      "Лисичанськ → Бахмут: відкрито",
      "Попередження: обстріли",
    ]);
  });

  it("answers a Latin reply with a typographic dash in GSM-7, and leaves Cyrillic as written", async () => {
    expect(checkTwiml(await twimlResponse(["Hirske – Bakhmut: Open", "Гірське – Бахмут: відкрито"]).text())).toEqual(["Hirske - Bakhmut: Open", "Гірське – Бахмут: відкрито"]);
  });

  it("escapes markup and drops characters XML cannot carry", async () => {
    const text = await twimlResponse(['<b>Бахмут</b> & "Лиман" \u0000\u0007\uFFFF end']).text();
    expect(checkTwiml(text)).toEqual(['<b>Бахмут</b> & "Лиман"  end']);
    expect(text).toContain("&lt;b&gt;");
  });

  it("keeps a reply within Twilio's 1,600-character limit", async () => {
    const [text] = checkTwiml(await twimlResponse(["Л".repeat(2000)]).text());
    expect(Array.from(text!)).toHaveLength(1600);
  });
});

describe("checkTwiml (the test's own check)", () => {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  it.each([
    ["no message", `${decl}<Response/>`],
    ["a voice verb", `${decl}<Response><Say>hi</Say></Response>`],
    ["another root", `${decl}<Reply><Message>hi</Message></Reply>`],
    ["nested nouns", `${decl}<Response><Message><Body>hi</Body></Message></Response>`],
    ["stray text", `${decl}<Response>hi<Message>hi</Message></Response>`],
    ["not well-formed", `${decl}<Response><Message>a & b</Message></Response>`],
    ["no declaration", "<Response><Message>hi</Message></Response>"],
  ])("refuses %s", (_name, xml) => {
    expect(() => checkTwiml(xml)).toThrow();
  });
});
