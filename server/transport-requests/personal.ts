import type { SubscriberKeys } from "@/lib/sealing";

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

export type SealedTransportRequestPersonal = { personalSealed: string; phoneHash: string | null; telegramHash: string | null };

/** Seals the details and hashes each contact under the requests' own keys, for the duplicate check and the hourly limit. */
export function sealTransportRequestPersonal(keys: SubscriberKeys, personal: TransportRequestPersonal): SealedTransportRequestPersonal {
  return {
    personalSealed: keys.seal(JSON.stringify(personal)),
    phoneHash: personal.phone ? keys.hash("phone", personal.phone) : null,
    telegramHash: personal.telegram ? keys.hash("telegram", personal.telegram.replace(/^@/, "").toLowerCase()) : null,
  };
}

export function openTransportRequestPersonal(keys: SubscriberKeys, sealed: string): TransportRequestPersonal {
  return JSON.parse(keys.open(sealed)) as TransportRequestPersonal;
}
