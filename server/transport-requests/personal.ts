import type { SubscriberKeys } from "@/lib/sealing";
import { addressTokenList } from "@/lib/transport-requests";

/** Everything that identifies or finds a requester: sealed as one value, erased as one. */
export type TransportRequestPersonal = {
  name: string;
  /** E.164, as libphonenumber-js formats it; "" for none. */
  phone: string;
  /** A Telegram @username or chat id; "" for none. */
  telegram: string;
  address: string;
  point: { lat: number; lon: number } | null;
  medicalNote: string;
  /** Why a hotline operator took a request with no contact at all. */
  noContactReason: string;
};

export type SealedTransportRequestPersonal = { personalSealed: string; phoneHash: string | null; telegramHash: string | null; addressTokenHashes: string[] | null };

/** The key a Telegram account is hashed under: a chat id as is, a @username without its @ and case. */
export function telegramHashInput(telegram: string): string {
  return telegram.replace(/^@/, "").toLowerCase();
}

/**
 * Seals the details and hashes each contact under the requests' own keys, for the duplicate check
 * and the hourly limit, and each normalised word of the address, for the similar-address check.
 */
export function sealTransportRequestPersonal(keys: SubscriberKeys, personal: TransportRequestPersonal): SealedTransportRequestPersonal {
  return {
    personalSealed: keys.seal(JSON.stringify(personal)),
    phoneHash: personal.phone ? keys.hash("phone", personal.phone) : null,
    telegramHash: personal.telegram ? keys.hash("telegram", telegramHashInput(personal.telegram)) : null,
    addressTokenHashes: personal.address ? [...new Set(addressTokenList(personal.address).map((w) => keys.hash("address word", w)))].sort() : null,
  };
}

export function openTransportRequestPersonal(keys: SubscriberKeys, sealed: string): TransportRequestPersonal {
  return JSON.parse(keys.open(sealed)) as TransportRequestPersonal;
}
