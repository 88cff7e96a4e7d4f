import "server-only";
import { getSubscriberKey } from "@/env";
import { sealingKeys, type SubscriberKeys } from "@/lib/sealing";

// Transport requests' personal fields are sealed with keys derived from the same master as the
// subscribers' (SUBSCRIBER_KEY), for their own purpose: one secret to keep, two sets of keys.
const globalForKeys = globalThis as unknown as { corridorTransportRequestKeys?: SubscriberKeys };

export function getTransportRequestKeys(): SubscriberKeys {
  globalForKeys.corridorTransportRequestKeys ??= sealingKeys(getSubscriberKey(), "transport request");
  return globalForKeys.corridorTransportRequestKeys;
}
