import crypto from "node:crypto";

// Subscribers' chat ids and phone numbers at rest: sealed with AES-256-GCM (Node's own crypto,
// authenticated, a fresh 96-bit IV per value) and found again by an HMAC-SHA256 under a second
// key, so a look-up never decrypts the table. Both keys are derived from SUBSCRIBER_KEY with HKDF;
// a database copied without the key holds no usable address.

export type SubscriberKeys = {
  seal(address: string): string;
  open(sealed: string): string;
  hash(channel: string, address: string): string;
  /** A value stored once; a different SUBSCRIBER_KEY later gives a different one (refused at start-up). */
  check: string;
};

const IV_BYTES = 12;
const TAG_BYTES = 16;

function derive(master: Buffer, owner: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", master, Buffer.alloc(0), `corridor ${owner} ${purpose}`, 32));
}

export function subscriberKeys(master: Buffer): SubscriberKeys {
  return sealingKeys(master, "subscriber");
}

/**
 * Keys for the personal data of one kind of record (`owner`: "subscriber", "transport request"),
 * each derived for its own purpose: a key leaked for one kind opens nothing of another, and the
 * same phone number hashes differently in each, so the tables cannot be joined without the master.
 */
export function sealingKeys(master: Buffer, owner: string): SubscriberKeys {
  if (master.length !== 32) throw new Error("SUBSCRIBER_KEY must be 32 bytes");
  const encryption = derive(master, owner, "encryption");
  const lookup = derive(master, owner, "lookup");
  const hmac = (text: string) => crypto.createHmac("sha256", lookup).update(text, "utf8").digest("base64url");
  return {
    seal(address) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", encryption, iv);
      const body = Buffer.concat([cipher.update(address, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open(sealed) {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = crypto.createDecipheriv("aes-256-gcm", encryption, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    },
    // The channel is part of the hashed text: the same digits as a phone number and a chat id never collide.
    hash: (channel, address) => hmac(`${channel}:${address.trim()}`),
    check: hmac("corridor key check"),
  };
}
