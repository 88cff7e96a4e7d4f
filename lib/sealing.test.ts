import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealingKeys, subscriberKeys } from "@/lib/sealing";

const keys = subscriberKeys(crypto.randomBytes(32));

describe("subscriberKeys", () => {
  it("seals an address so that only the same key opens it", () => {
    const sealed = keys.seal("+380501234567");
    expect(sealed).not.toContain("380501234567");
    expect(keys.open(sealed)).toBe("+380501234567");
    expect(() => subscriberKeys(crypto.randomBytes(32)).open(sealed)).toThrow();
  });

  it("uses a fresh IV each time, so equal addresses do not look equal at rest", () => {
    expect(keys.seal("123456789")).not.toBe(keys.seal("123456789"));
  });

  it("refuses a tampered value instead of returning another address", () => {
    const sealed = Buffer.from(keys.seal("123456789"), "base64url");
    sealed[sealed.length - 1]! ^= 1;
    expect(() => keys.open(sealed.toString("base64url"))).toThrow();
  });

  it("hashes for look-up: stable, keyed, and per channel", () => {
    expect(keys.hash("sms", "+380501234567")).toBe(keys.hash("sms", "+380501234567"));
    expect(keys.hash("sms", "123")).not.toBe(keys.hash("telegram", "123"));
    expect(subscriberKeys(crypto.randomBytes(32)).hash("sms", "+380501234567")).not.toBe(keys.hash("sms", "+380501234567"));
  });

  it("gives a key check that differs between keys", () => {
    const master = crypto.randomBytes(32);
    expect(subscriberKeys(master).check).toBe(subscriberKeys(Buffer.from(master)).check);
    expect(subscriberKeys(crypto.randomBytes(32)).check).not.toBe(keys.check);
  });

  it("refuses a key of the wrong length", () => {
    expect(() => subscriberKeys(crypto.randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("sealingKeys", () => {
  it("derives other keys for another kind of record: neither opens nor hashes like the other", () => {
    const master = crypto.randomBytes(32);
    const subscribers = subscriberKeys(master);
    const requests = sealingKeys(master, "transport request");
    expect(() => requests.open(subscribers.seal("+380501234567"))).toThrow();
    expect(requests.hash("sms", "+380501234567")).not.toBe(subscribers.hash("sms", "+380501234567"));
    expect(sealingKeys(master, "subscriber").open(subscribers.seal("42"))).toBe("42");
  });
});
