import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import { claimInboundMessage, INBOUND_MESSAGE_MEMORY_MS, releaseInboundMessage } from "./inbound-messages";
import { inboundMessages } from "../schema/messaging";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

describe(`inbound message ids (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const now = new Date("2026-12-07T05:00:00Z");
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("claims an id once a day per channel, forgets it after the day, and gives it back when released", async () => {
    const id = { channel: "sms" as const, idHash: "h1" };
    expect(await claimInboundMessage(t.db, id, now)).toBe(true);
    expect(await claimInboundMessage(t.db, id, later(60_000))).toBe(false);
    expect(await claimInboundMessage(t.db, { channel: "telegram", idHash: "h1" }, now)).toBe(true);
    expect(await claimInboundMessage(t.db, id, later(INBOUND_MESSAGE_MEMORY_MS - 1))).toBe(false);
    // A day on, older ids are dropped as new ones come: the table holds about a day's messages.
    expect(await claimInboundMessage(t.db, id, later(INBOUND_MESSAGE_MEMORY_MS + 1))).toBe(true);
    expect((await t.db.select().from(inboundMessages)).map((r) => r.idHash)).toEqual(["h1"]);
    await releaseInboundMessage(t.db, id);
    expect(await claimInboundMessage(t.db, id, later(INBOUND_MESSAGE_MEMORY_MS + 2))).toBe(true);
  });
});
