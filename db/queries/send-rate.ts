import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { messagingSendRate } from "../schema/messaging";

// The outbound gateways' shared rate (messaging_send_rate), written on no one's behalf: the
// delivery worker of every instance reserves each send here, so no actor and no audit row.
// Each send takes the next free instant and moves it on by one spacing (a generic cell rate):
// sends are spread evenly, so no one-second window ever holds more than the rate, which a
// counter per fixed second (rate-limiter-flexible's stores) would allow twice over across a
// second's boundary. The database's clock decides, so instances' clocks need not agree.

/** `dbNowMs`: the database's clock (epoch ms) when it worked the instant out. */
export type SendSlot = { reserved: true; waitMs: number; dbNowMs: number } | { reserved: false; waitMs: number; dbNowMs: number };

/**
 * Reserves the gateway's next send instant when it is at most `maxWaitMs` away, and returns how
 * long to wait for it. A later instant is not reserved (the caller defers the message instead of
 * holding a worker), and `waitMs` says when the gateway will be free.
 */
export async function reserveSendSlot(db: Db, gateway: string, options: { spacingMs: number; maxWaitMs: number }): Promise<SendSlot> {
  const [first] = await reserveSendSlots(db, gateway, { ...options, count: 1 });
  return first!;
}

/**
 * `count` consecutive instants at once, one round trip for all (each instance asks for the
 * sends waiting in it together, so the database is asked a few times a second, not 30): the
 * i-th slot's wait is the first's plus i spacings. All or none: reserved when the last instant
 * is at most `maxWaitMs` away; otherwise none is, and each slot's `waitMs` says when the gateway
 * is free (the caller may ask again for fewer).
 */
export async function reserveSendSlots(db: Db, gateway: string, { spacingMs, maxWaitMs, count }: { spacingMs: number; maxWaitMs: number; count: number }): Promise<SendSlot[]> {
  const spacingMsRounded = Math.max(1, Math.round(spacingMs));
  const spacing = `${spacingMsRounded} milliseconds`;
  const block = `${spacingMsRounded * count} milliseconds`;
  const maxWait = `${Math.max(0, Math.round(maxWaitMs))} milliseconds`;
  const [slot] = rowsOf<{ wait_ms: number | string; db_now_ms: number | string }>(
    await db.execute(sql`
      insert into ${messagingSendRate} as r (gateway, next_at) values (${gateway}, clock_timestamp() + ${block}::interval)
      on conflict (gateway) do update set next_at = greatest(r.next_at, clock_timestamp()) + ${block}::interval
        where greatest(r.next_at, clock_timestamp()) + ${block}::interval - ${spacing}::interval <= clock_timestamp() + ${maxWait}::interval
      returning greatest(0, extract(epoch from r.next_at - ${block}::interval - clock_timestamp()) * 1000)::float8 as wait_ms,
        (extract(epoch from clock_timestamp()) * 1000)::float8 as db_now_ms`),
  );
  if (slot) {
    const first = Number(slot.wait_ms);
    const dbNowMs = Number(slot.db_now_ms);
    return Array.from({ length: count }, (_, i) => ({ reserved: true as const, waitMs: first + i * spacingMsRounded, dbNowMs }));
  }
  const [busy] = rowsOf<{ wait_ms: number | string; db_now_ms: number | string }>(
    await db.execute(sql`select greatest(0, extract(epoch from next_at - clock_timestamp()) * 1000)::float8 as wait_ms, (extract(epoch from clock_timestamp()) * 1000)::float8 as db_now_ms
      from ${messagingSendRate} where gateway = ${gateway}`),
  );
  return Array.from({ length: count }, () => ({ reserved: false as const, waitMs: Number(busy?.wait_ms ?? 0), dbNowMs: Number(busy?.db_now_ms ?? Date.now()) }));
}

/** The gateway said to wait: no instance sends through it before then. */
export async function holdSendRate(db: Db, gateway: string, seconds: number): Promise<void> {
  const hold = `${Math.max(0, Math.ceil(seconds))} seconds`;
  await db.execute(sql`
    insert into ${messagingSendRate} as r (gateway, next_at) values (${gateway}, clock_timestamp() + ${hold}::interval)
    on conflict (gateway) do update set next_at = greatest(r.next_at, clock_timestamp() + ${hold}::interval)`);
}
