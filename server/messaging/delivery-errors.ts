// What a sender tells the outbound worker when a message did not go out. Anything else thrown
// is retried with backoff (a network error, a 5xx) and ends in the dead-letter queue.

/** The gateway asked us to wait (Telegram 429 `retry_after`, an SMS gateway's Retry-After). */
export class RetryLaterError extends Error {
  constructor(readonly retryAfterSeconds: number, message = `retry after ${retryAfterSeconds} s`) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/** The recipient cannot be reached any more (bot blocked, chat gone, number opted out): drop them. */
export class RecipientGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecipientGoneError";
  }
}

/**
 * Not the gateway's answer but ours: the shared send rate is taken further ahead than a worker
 * waits. The message is deferred like a gateway's "retry after", and is no delivery failure.
 */
export class SendRateWaitError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, `the send rate is taken for the next ${retryAfterSeconds} s`);
    this.name = "SendRateWaitError";
  }
}
