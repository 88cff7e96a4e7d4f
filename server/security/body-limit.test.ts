import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { BODY_LIMIT } from "@/next.config.js";
import { INCIDENT_TEXT_MAX, AGREEMENT_TERMS_MAX, AGREEMENT_TITLE_MAX, PARTY_NAME_MAX, PARTIES_MAX, REPRESENTATIVE_MAX } from "@/lib/forms/limits";
import { SOURCES_MAX } from "@/lib/forms/source-fields";
import { AUTH_BODY_LIMIT_BYTES, withBodyLimit } from "./body-limit";
import { ACTION_BODY_LIMIT_BYTES } from "./headers";

const limitBytes = () => {
  const m = /^(\d+)(kb|mb)$/.exec(BODY_LIMIT)!;
  return Number(m[1]) * (m[2] === "mb" ? 1024 * 1024 : 1024);
};
// "€" is one character for maxLength and three bytes of UTF-8: the heaviest text a field can hold.
const heavy = (n: number) => "€".repeat(n);
const uuid = "0b6f3c4e-5d2a-4f1b-9c3e-7a8b9c0d1e2f";

/** Bytes of the multipart post plus the previous form state (which echoes every value) React sends too. */
async function postSize(fields: Record<string, string | string[]>): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) form.append(k, value);
  const multipart = (await new Response(form).arrayBuffer()).byteLength;
  const echoedState = new TextEncoder().encode(JSON.stringify({ status: "invalid", values: fields, fieldErrors: {} })).byteLength;
  return multipart + echoedState;
}

describe("server action body limit", () => {
  it("fits the largest legitimate forms with room to spare", async () => {
    const incident: Record<string, string | string[]> = {
      publicSummary: heavy(INCIDENT_TEXT_MAX),
      internalDescription: heavy(INCIDENT_TEXT_MAX * 4),
      "routeIds[]": Array(200).fill(uuid),
      "agreementIds[]": Array(200).fill(uuid),
    };
    for (let i = 0; i < SOURCES_MAX; i++) {
      incident[`sources.${i}.outlet`] = heavy(200);
      incident[`sources.${i}.url`] = `https://example.org/${"a".repeat(1970)}`;
      incident[`sources.${i}.kind`] = "ngo_field_report";
      incident[`sources.${i}.publishedAt`] = "2022-04-18T09:00";
    }
    const route = { waypoints: Array.from({ length: 500 }, () => "49.123456, 36.123456").join("\n"), schedule: heavy(1000), assemblyPoint: heavy(1000), organisation: heavy(1000) };
    const agreement: Record<string, string> = { title: heavy(AGREEMENT_TITLE_MAX), terms: heavy(AGREEMENT_TERMS_MAX) };
    for (let i = 0; i < PARTIES_MAX; i++) {
      agreement[`parties.${i}.name`] = heavy(PARTY_NAME_MAX);
      agreement[`parties.${i}.representative`] = heavy(REPRESENTATIVE_MAX);
    }
    const sizes = { incident: await postSize(incident), route: await postSize(route), agreement: await postSize(agreement) };
    // Measured: incident ~240 KB, agreement ~90 KB, route ~40 KB.
    for (const [form, size] of Object.entries(sizes)) expect(size * 1.5, form).toBeLessThan(limitBytes());
    // ...and the limit stays well below Next's default of 1 MB; proxy.ts refuses the same size.
    expect(limitBytes()).toBeLessThan(1024 * 1024);
    expect(ACTION_BODY_LIMIT_BYTES).toBe(limitBytes());
  });
});

describe("withBodyLimit (route handlers)", () => {
  const echo = withBodyLimit(async (request) => new Response(await request.text()), 100);
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new NextRequest("http://localhost/api/auth/callback/credentials", { method: "POST", body, headers, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);

  it("passes a small body on intact", async () => {
    const response = await echo(post("email=a%40b.org&password=x"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("email=a%40b.org&password=x");
  });

  it("refuses a declared oversized body with 413 without reading it", async () => {
    const response = await echo(post("x", { "content-length": "101" }));
    expect(response.status).toBe(413);
  });

  it("refuses an undeclared (streamed) oversized body with 413", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(30));
        controller.close();
      },
    });
    const response = await echo(post(stream));
    expect(response.status).toBe(413);
    expect(AUTH_BODY_LIMIT_BYTES).toBeGreaterThanOrEqual(16 * 1024);
  });
});
