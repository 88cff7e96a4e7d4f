// How long the gateways need to tell everyone, for the admin page's over-capacity notice: each
// gateway sends at its own rate, so the slowest one decides. A bot tells 30 people a second at
// most (Telegram's limit, 28.6 with the worker's margin), an SMS gateway what its account allows.

/** Telegram allows a bot about 30 messages a second in all. */
export const TELEGRAM_PER_SECOND = 30;
/**
 * Sends are spaced this much wider than the rate: a send may start up to LATE_TOLERANCE_MS
 * after its instant, and with 30 a second spaced 35 ms apart no one-second window can then hold
 * more than 30 (1,000 + 45 ms over 35 ms is under 30 spacings; the 5 ms left cover the
 * request's own way to the gateway).
 */
export const RATE_MARGIN = 1.05;
/** How late a send may start after its instant; later, its instant is given up and a new one taken. */
export const LATE_TOLERANCE_MS = 45;

/** The spacing the shared rate hands out instants at, in whole milliseconds (the database's unit here). */
export function sendSpacingMs(perSecond: number): number {
  // Rounded up, never down (a float just over a whole millisecond is that millisecond).
  return Math.ceil(Math.round((1000 / perSecond) * RATE_MARGIN * 1000) / 1000);
}

/** The rates the worker actually sends at, margin included. */
export function sendingRates(smsPerSecond: number): GatewayRates {
  return { telegram: 1000 / sendSpacingMs(TELEGRAM_PER_SECOND), sms: 1000 / sendSpacingMs(smsPerSecond) };
}

/** What residents are promised: a change reaches a town's subscribers within a minute. */
export const TELL_WITHIN_SECONDS = 60;

export type GatewayRates = { telegram: number; sms: number };

/** Seconds to send `messages` at `perSecond`; Infinity for a gateway that sends nothing. */
export function secondsToSend(messages: number, perSecond: number): number {
  if (messages <= 0) return 0;
  return perSecond > 0 ? messages / perSecond : Infinity;
}

/** Seconds until everything waiting is sent, each gateway at once at its own rate. */
export function secondsToDrain(waiting: GatewayRates, rates: GatewayRates): number {
  return Math.max(secondsToSend(waiting.telegram, rates.telegram), secondsToSend(waiting.sms, rates.sms));
}

/**
 * Towns with more subscribers on one channel than that gateway can tell within the promise: one
 * change there keeps later subscribers waiting longer than a minute, whatever else is queued.
 */
export function townsOverCapacity<T extends { townSlug: string; channel: "telegram" | "sms"; subscribers: number }>(
  subscriptions: T[],
  rates: GatewayRates,
): Array<T & { seconds: number }> {
  return subscriptions
    .map((s) => ({ ...s, seconds: secondsToSend(s.subscribers, rates[s.channel]) }))
    .filter((s) => s.seconds > TELL_WITHIN_SECONDS);
}
