import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RecipientGoneError, RetryLaterError } from "../delivery-errors";
import { createSmsSender, retryAfterSeconds, smsSenderFromConfig } from "./sender";
import { startSmsGatewayStandIn, type SmsGatewayStandIn } from "@/tests/stand-ins/sms-gateway";

// The sender against the local gateway stand-in: the real HTTP call, Basic auth and form body.

const RESIDENT = "+380501234567";
const FROM = "+380441112233";

let gateway: SmsGatewayStandIn;
const senderFor = (g: SmsGatewayStandIn, options: { timeoutMs?: number } = {}) =>
  createSmsSender({ apiUrl: g.url, accountSid: g.accountSid, authToken: g.authToken, from: FROM }, options);

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** No phone number in what the worker would log or store. */
function expectNoNumber(error: Error) {
  const seen = JSON.stringify({ message: error.message, name: error.name, cause: error.cause, stack: error.stack });
  expect(seen).not.toContain(RESIDENT.slice(1));
  expect(seen).not.toContain("501234567");
}

beforeAll(async () => {
  gateway = await startSmsGatewayStandIn({ retryAfterSeconds: 7 });
});
afterAll(() => gateway.close());
beforeEach(() => gateway.reset());

describe("createSmsSender", () => {
  it("posts To, From and Body as a form with Basic auth; a 201 is done", async () => {
    const text = "Лисичанськ → Бахмут: ВІДКРИТО. Підтв. 09:40";
    await senderFor(gateway).send(RESIDENT, text);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]).toMatchObject({ to: RESIDENT, from: FROM, body: text, status: 201 });
    expect(gateway.calls[0]!.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("sends a Latin message with a typographic dash or quote in GSM-7, one SMS instead of two", async () => {
    const text = "Lysychansk (Kyiv time): Bakhmut: Closed, conf. 14:05. Corridor “Lysychansk – Bakhmut evening” no longer holds. Reply STOP to end";
    await senderFor(gateway).send(RESIDENT, text);
    expect(gateway.calls[0]!.body).toBe('Lysychansk (Kyiv time): Bakhmut: Closed, conf. 14:05. Corridor "Lysychansk - Bakhmut evening" no longer holds. Reply STOP to end');
  });

  it("is refused with the wrong credentials (the stand-in checks Basic auth), and says nothing of the number", async () => {
    const sender = createSmsSender({ apiUrl: gateway.url, accountSid: gateway.accountSid, authToken: "not-the-token-at-all", from: FROM });
    const error = await rejection(sender.send(RESIDENT, "hello"));
    expect(error).not.toBeInstanceOf(RetryLaterError);
    expect(error).not.toBeInstanceOf(RecipientGoneError);
    expect(error.message).toContain("401");
    expect(error.message).toContain("20003");
    expect(gateway.calls).toHaveLength(0);
    expectNoNumber(error);
  });

  it("429 with Retry-After → RetryLaterError with those seconds; the next call goes through", async () => {
    gateway.failNext("rate-limited");
    const sender = senderFor(gateway);
    const error = await rejection(sender.send(RESIDENT, "hello"));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterSeconds).toBe(7);
    expectNoNumber(error);
    await sender.send(RESIDENT, "hello");
    expect(gateway.calls.map((c) => c.status)).toEqual([429, 201]);
  });

  it("code 21610 (the resident sent STOP to the gateway) → RecipientGoneError, without the number the gateway's message repeats", async () => {
    gateway.failNext("opted-out");
    const error = await rejection(senderFor(gateway).send(RESIDENT, "hello"));
    expect(error).toBeInstanceOf(RecipientGoneError);
    expect(error.message).toContain("21610");
    expectNoNumber(error);
  });

  it("code 21211 (not a valid number) → RecipientGoneError", async () => {
    gateway.failNext("invalid-number");
    const error = await rejection(senderFor(gateway).send(RESIDENT, "hello"));
    expect(error).toBeInstanceOf(RecipientGoneError);
    expectNoNumber(error);
  });

  it("a 5xx throws a plain error (the worker retries it)", async () => {
    gateway.failNext("server-error");
    const error = await rejection(senderFor(gateway).send(RESIDENT, "hello"));
    expect(error).not.toBeInstanceOf(RetryLaterError);
    expect(error).not.toBeInstanceOf(RecipientGoneError);
    expect(error.message).toContain("500");
    expectNoNumber(error);
  });

  it("a gateway that does not answer in time: a plain error, not a hang", async () => {
    gateway.failNext("hang");
    const started = Date.now();
    const error = await rejection(senderFor(gateway, { timeoutMs: 300 }).send(RESIDENT, "hello"));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).not.toBeInstanceOf(RetryLaterError);
    expect(error.message).toMatch(/did not answer within 300 ms/);
    expectNoNumber(error);
  });

  it("a gateway that is not there: a plain error", async () => {
    const gone = await startSmsGatewayStandIn();
    const sender = senderFor(gone);
    await gone.close();
    const error = await rejection(sender.send(RESIDENT, "hello"));
    expect(error.message).toBe("sms: the gateway could not be reached");
    expectNoNumber(error);
  });

  it("503 with Retry-After → RetryLaterError; without it, a plain error", async () => {
    const fake = (status: number, headers: Record<string, string>) =>
      createSmsSender(
        { apiUrl: "https://gateway.invalid/2010-04-01/Accounts/AC1/Messages.json", accountSid: "AC1", authToken: "token", from: FROM },
        { fetch: async () => new Response("{}", { status, headers }) },
      );
    const later = await rejection(fake(503, { "retry-after": "120" }).send(RESIDENT, "hi"));
    expect(later).toBeInstanceOf(RetryLaterError);
    expect((later as RetryLaterError).retryAfterSeconds).toBe(120);
    const plain = await rejection(fake(503, {}).send(RESIDENT, "hi"));
    expect(plain).not.toBeInstanceOf(RetryLaterError);
    const rateLimited = await rejection(fake(429, {}).send(RESIDENT, "hi"));
    expect(rateLimited).toBeInstanceOf(RetryLaterError);
    expect((rateLimited as RetryLaterError).retryAfterSeconds).toBe(30);
  });

  it("refuses an address that is no phone number (gone) and an empty or oversized text (a bug), before calling the gateway", async () => {
    const sender = senderFor(gateway);
    expect(await rejection(sender.send("12345678901234567890", "hi"))).toBeInstanceOf(RecipientGoneError);
    expect(await rejection(sender.send("-1001234567", "hi"))).toBeInstanceOf(RecipientGoneError);
    expect((await rejection(sender.send(RESIDENT, ""))).message).toMatch(/1-1600/);
    expect((await rejection(sender.send(RESIDENT, "x".repeat(1601)))).message).toMatch(/1-1600/);
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses a configuration that is not one", () => {
    expect(() => createSmsSender({ apiUrl: "ftp://gateway/Messages.json", accountSid: "AC1", authToken: "t", from: FROM })).toThrow();
    expect(() => createSmsSender({ apiUrl: gateway.url, accountSid: "", authToken: "t", from: FROM })).toThrow();
  });
});

describe("smsSenderFromConfig", () => {
  it("is null unless outbound SMS is configured, and sends through the configured gateway when it is", async () => {
    expect(smsSenderFromConfig(null)).toBeNull();
    expect(smsSenderFromConfig({ authToken: gateway.authToken, apiUrl: null, accountSid: null, from: null, perSecond: 10 })).toBeNull();
    const sender = smsSenderFromConfig({ authToken: gateway.authToken, apiUrl: gateway.url, accountSid: gateway.accountSid, from: FROM, perSecond: 10 });
    expect(sender?.channel).toBe("sms");
    await sender!.send(RESIDENT, "hello");
    expect(gateway.calls).toMatchObject([{ to: RESIDENT, from: FROM, body: "hello", status: 201 }]);
  });
});

describe("the stand-in's control endpoints (for Playwright specs in another process)", () => {
  it("lists calls, queues failures and resets over HTTP", async () => {
    const queued = await fetch(`${gateway.origin}/__fail`, { method: "POST", body: JSON.stringify({ kind: "opted-out", count: 2 }) });
    expect(queued.status).toBe(200);
    const sender = senderFor(gateway);
    expect(await rejection(sender.send(RESIDENT, "a"))).toBeInstanceOf(RecipientGoneError);
    expect(await rejection(sender.send(RESIDENT, "b"))).toBeInstanceOf(RecipientGoneError);
    await sender.send(RESIDENT, "c");
    const calls = (await (await fetch(`${gateway.origin}/__calls`)).json()) as { body: string; status: number }[];
    expect(calls.map((c) => [c.body, c.status])).toEqual([
      ["a", 400],
      ["b", 400],
      ["c", 201],
    ]);
    expect((await fetch(`${gateway.origin}/__fail`, { method: "POST", body: '{"kind":"nonsense"}' })).status).toBe(400);
    expect((await fetch(`${gateway.origin}/__reset`, { method: "POST" })).status).toBe(200);
    expect(await (await fetch(`${gateway.origin}/__calls`)).json()).toEqual([]);
  });
});

describe("retryAfterSeconds", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  it("reads delta-seconds and HTTP dates, at least 1 s, at most an hour", () => {
    expect(retryAfterSeconds("7", now)).toBe(7);
    expect(retryAfterSeconds("0", now)).toBe(1);
    expect(retryAfterSeconds("86400", now)).toBe(3600);
    expect(retryAfterSeconds("Thu, 03 Dec 2026 12:01:30 GMT", now)).toBe(90);
    expect(retryAfterSeconds("Thu, 03 Dec 2026 11:00:00 GMT", now)).toBe(1);
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(retryAfterSeconds("soon", now)).toBeNull();
  });
});
