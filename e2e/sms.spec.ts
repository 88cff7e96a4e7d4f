import { expect, test } from "@playwright/test";
import { smsSegments } from "@/lib/messaging/sms-segments";
import { inboundSmsParams, signedSmsWebhook } from "@/tests/stand-ins/sign-sms-webhook";
import { checkTwiml } from "@/tests/twiml-check";

// A resident's SMS reaches the production server as an SMS gateway would send it,
// signed, and the TwiML it gets back is what the gateway texts them.

// The token e2e/server.ts gives the app, and the URL the app checks signatures against
// (getLinkBaseUrl(): AUTH_URL, else this server on localhost).
const TOKEN = process.env.SMS_AUTH_TOKEN ?? "e2e-sms-auth-token-0123456789";
const PORT = Number(process.env.E2E_PORT ?? 3100);
const WEBHOOK = `${(process.env.AUTH_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, "")}/api/sms/inbound`;

// A number of its own per test, so tests running side by side do not share a subscriber.
const phone = (n: number) => `+38050${String(1_000_000 + n).slice(1)}`;

test.describe("SMS inbound webhook", () => {
  test("ЛИСИЧАНСЬК is answered with TwiML about Lysychansk in at most two UCS-2 segments", async ({ request }) => {
    const { headers, body } = signedSmsWebhook(TOKEN, WEBHOOK, inboundSmsParams(phone(1), "ЛИСИЧАНСЬК"));
    const response = await request.post("/api/sms/inbound", { headers, data: body });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/xml; charset=utf-8");
    expect(response.headers()["cache-control"]).toBe("no-store");
    // Answered by the route itself: not from the public response cache, no cookie, no redirect by the proxy.
    expect(response.headers()["x-corridor-cache"]).toBeUndefined();
    expect(response.headers()["set-cookie"]).toBeUndefined();
    const [first] = checkTwiml(await response.text());
    expect(first).toMatch(/^Лисичанськ/);
    // The route line carries the reason codes, which can take a Ukrainian text into a second segment; never more.
    expect(smsSegments(first!).encoding).toBe("UCS-2");
    expect(smsSegments(first!).segments).toBeLessThanOrEqual(2);
  });

  test("a Latin spelling with a typo is understood too", async ({ request }) => {
    const { headers, body } = signedSmsWebhook(TOKEN, WEBHOOK, inboundSmsParams(phone(2), "Lisichansk"));
    const response = await request.post("/api/sms/inbound", { headers, data: body });
    expect(response.status()).toBe(200);
    expect(checkTwiml(await response.text())[0]).toMatch(/Lysychansk/);
  });

  test("SUB then STOP: subscribed, then gone", async ({ request }) => {
    const post = (text: string) => {
      const { headers, body } = signedSmsWebhook(TOKEN, WEBHOOK, inboundSmsParams(phone(3), text));
      return request.post("/api/sms/inbound", { headers, data: body });
    };
    const subscribed = await post("SUB Lysychansk");
    expect(subscribed.status()).toBe(200);
    expect(checkTwiml(await subscribed.text())[0]).toMatch(/Lysychansk/);
    const stopped = await post("STOP");
    expect(stopped.status()).toBe(200);
    expect(checkTwiml(await stopped.text())).toHaveLength(1);
  });

  test("ЕВАК and the town: consent in one segment, then the reference code after ТАК", async ({ request }) => {
    const post = (text: string) => {
      const { headers, body } = signedSmsWebhook(TOKEN, WEBHOOK, inboundSmsParams(phone(4), text));
      return request.post("/api/sms/inbound", { headers, data: body });
    };
    // Not Lysychansk: resident-requests.spec counts Lysychansk's open requests while this may run beside it.
    const consent = checkTwiml(await (await post("ЕВАК Рубіжне")).text());
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatch(/Згодні\? Надішліть ТАК$/);
    expect(smsSegments(consent[0]!).segments).toBe(1);
    const done = checkTwiml(await (await post("ТАК")).text());
    expect(done[0]).toMatch(/^Прийнято, код [0-9A-Z]{4}-[0-9A-Z]{4}\. Вам передзвонять\.$/);
    expect(smsSegments(done[0]!).segments).toBe(1);
  });

  test("refused without a valid signature, and for other methods", async ({ request }) => {
    const params = inboundSmsParams(phone(4), "SUB Lysychansk");
    const { headers, body } = signedSmsWebhook(TOKEN, WEBHOOK, params);
    const unsigned = await request.post("/api/sms/inbound", { headers: { "content-type": headers["content-type"]! }, data: body });
    expect(unsigned.status()).toBe(403);
    // Signed for another host than the configured public address: the Host header proves nothing.
    const elsewhere = signedSmsWebhook(TOKEN, "http://attacker.example/api/sms/inbound", params);
    expect((await request.post("/api/sms/inbound", { headers: elsewhere.headers, data: elsewhere.body })).status()).toBe(403);
    const get = await request.get("/api/sms/inbound");
    expect(get.status()).toBe(405);
    expect(get.headers()["allow"]).toBe("POST");
    const json = await request.post("/api/sms/inbound", { headers: { ...headers, "content-type": "application/json" }, data: "{}" });
    expect(json.status()).toBe(415);
  });
});
