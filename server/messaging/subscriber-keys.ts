import "server-only";
import { getSubscriberKey } from "@/env";
import { subscriberKeys, type SubscriberKeys } from "@/lib/sealing";

// One set of keys per process, from SUBSCRIBER_KEY (or the demo's generated key).
const globalForKeys = globalThis as unknown as { corridorSubscriberKeys?: SubscriberKeys };

export function getSubscriberKeys(): SubscriberKeys {
  globalForKeys.corridorSubscriberKeys ??= subscriberKeys(getSubscriberKey());
  return globalForKeys.corridorSubscriberKeys;
}
