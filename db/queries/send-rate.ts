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

export type SendSlot = { reserved: true; waitMs: number } | { reserved: false; waitMs: number };

/**
 * Reserves the gateway's next send instant when it is at most `maxWaitMs` away, and returns how
 * long to wait for it. A later instant is not reserved (the caller defers the message instead of
 * holding a worker), and `waitMs` says when the gateway will be free.
 */
export async function reserveSendSlot(db: Db, gateway: string, { spacingMs, maxWaitMs }: { spacingMs: number; maxWaitMs: number }): Promise<SendSlot> {
  const spacing = `${Math.max(1, Math.round(spacingMs))} milliseconds`;
  const maxWait = `${Math.max(0, Math.round(maxWaitMs))} milliseconds`;
  const [slot] = rowsOf<{ wait_ms: number | string }>(
    await db.execute(sql`
      insert into ${messagingSendRate} as r (gateway, next_at) values (${gateway}, clock_timestamp() + ${spacing}::interval)
      on conflict (gateway) do update set next_at = greatest(r.next_at, clock_timestamp()) + ${spacing}::interval
        where r.next_at <= clock_timestamp() + ${maxWait}::interval
      returning greatest(0, extract(epoch from r.next_at - ${spacing}::interval - clock_timestamp()) * 1000)::float8 as wait_ms`),
  );
  if (slot) return { reserved: true, waitMs: Number(slot.wait_ms) };
  const [busy] = rowsOf<{ wait_ms: number | string }>(
    await db.execute(sql`select greatest(0, extract(epoch from next_at - clock_timestamp()) * 1000)::float8 as wait_ms from ${messagingSendRate} where gateway = ${gateway}`),
  );
  return { reserved: false, waitMs: Number(busy?.wait_ms ?? 0) };
}

/** The gateway said to wait: no instance sends through it before then. */
export async function holdSendRate(db: Db, gateway: string, seconds: number): Promise<void> {
  const hold = `${Math.max(0, Math.ceil(seconds))} seconds`;
  await db.execute(sql`
    insert into ${messagingSendRate} as r (gateway, next_at) values (${gateway}, clock_timestamp() + ${hold}::interval)
    on conflict (gateway) do update set next_at = greatest(r.next_at, clock_timestamp() + ${hold}::interval)`);
}
