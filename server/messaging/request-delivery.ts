import "server-only";
import type PgBoss from "pg-boss";
import { createTranslator } from "next-intl";
import type { Db } from "@/db/client";
import { claimPendingMessages, completeDelivery, deletePendingMessages, dropPendingMessages, recordDeliveryFailure } from "@/db/queries/message-delivery";
import { getRequesterUpdateRow, type RequesterRun } from "@/db/queries/request-notifications";
import type { Locale } from "@/i18n/routing";
import type { SubscriberKeys } from "@/lib/sealing";
import { shownText } from "@/lib/localized-text";
import { formatPlaceDayTime, formatPlaceTime } from "@/lib/time";
import { requesterUpdate, type RequesterUpdate } from "@/lib/transport-requests";
import { runUpdate, type RunUpdate } from "@/lib/transport-runs";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { openTransportRequestPersonal, type TransportRequestPersonal } from "@/server/transport-requests/personal";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { RecipientGoneError, RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { queueDelivery, type DeliveryTarget } from "./queue";
import type { OutboundSender, ResidentChannel } from "./types";

// Telling a requester where their request stands, by the channel they gave, in their language:
// the same job, pending rows and guarantees as a subscriber's notification (delivery.ts), with
// the contact read from the request's sealed details. The text names the reference code and the
// step, nothing else: no organisation's notes, no one else's details, not even the address.

const MESSAGES = { uk, ru, en } as const;

export function requesterUpdateText(locale: Locale, update: RequesterUpdate, referenceCode: string): string {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "evacuate" })(`update_${update}`, { code: referenceCode });
}

/**
 * What a requester on a run is told: its reference, the window in Kyiv time, where to wait (their
 * door, the meeting place in their language, or that the crew will call with it) and what to
 * bring; or that it is boarding, was cancelled, or they were taken off it.
 */
export function requesterRunText(locale: Locale, update: RunUpdate, referenceCode: string, run: RequesterRun): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "evacuate" });
  const values = { code: referenceCode, run: run.referenceCode };
  if (update !== "planned" && update !== "boarding") return t(`run_${update}`, values);
  const place = run.doorToDoor ? t("run_place_door") : (shownText(run.assemblyPoint, locale)?.text ?? t("run_place_call"));
  const window = `${formatPlaceDayTime(run.departsFrom, locale)}–${formatPlaceTime(run.departsUntil, locale)}`;
  return t(`run_${update}`, { ...values, window, place });
}

/**
 * Where to tell them: the Telegram chat a bot request came from (a chat id; a @username a hotline
 * took down cannot be written to first), else the phone by SMS; never a channel the person sent
 * STOP on (`refused`); null when none is reachable.
 */
export function requesterAddress(
  personal: TransportRequestPersonal,
  senders: { telegram: OutboundSender | null; sms: OutboundSender | null },
  refused: readonly ResidentChannel[] = [],
): { channel: ResidentChannel; address: string } | null {
  if (/^\d{1,20}$/.test(personal.telegram) && senders.telegram && !refused.includes("telegram")) return { channel: "telegram", address: personal.telegram };
  if (personal.phone && senders.sms && !refused.includes("sms")) return { channel: "sms", address: personal.phone };
  return null;
}

export type RequestDeliveryOutcome = "sent" | "nothing" | "deferred" | "recipientGone" | "noSender";

export async function deliverRequestUpdate(
  db: Db,
  boss: PgBoss,
  {
    target,
    jobId,
    priority = 0,
    senders,
    keys = getTransportRequestKeys(),
    now = new Date(),
  }: { target: DeliveryTarget; jobId: string; priority?: number; senders: { telegram: OutboundSender | null; sms: OutboundSender | null }; keys?: SubscriberKeys; now?: Date },
): Promise<RequestDeliveryOutcome> {
  const row = await getRequesterUpdateRow(db, target.id);
  if (!row) return "nothing";
  // Withdrawn, purged or past retention: nobody is left to tell, and nothing is kept to tell them with.
  if (!row.personalSealed) {
    await dropPendingMessages(db, target);
    return "nothing";
  }
  const pending = await claimPendingMessages(db, target, jobId);
  if (pending.length === 0) return "nothing";
  const update = requesterUpdate(row.status, row.claimed);
  if (!update) {
    // Claimed and released again within the minute: back where they were told it was.
    await deletePendingMessages(db, pending.map((p) => p.id));
    return "nothing";
  }
  const personal = openTransportRequestPersonal(keys, row.personalSealed);
  const to = requesterAddress(personal, senders, row.refused);
  // The person asked for no more messages on the only channel this request could reach them by:
  // nothing is sent, and it is no failure of delivery (the coordinator's page says why).
  if (!to && requesterAddress(personal, senders) !== null) {
    await dropPendingMessages(db, target);
    return "nothing";
  }
  if (!to) {
    await recordDeliveryFailure(db, { channel: "request", description: "A requester's update had no reachable contact (no Telegram chat, no phone, or no gateway for it); it was dropped.", now });
    await dropPendingMessages(db, target);
    return "noSender";
  }
  const sender = senders[to.channel]!;
  const onRun = row.run ? runUpdate({ ...row.run, runStatus: row.run.status }) : null;
  const text = onRun && row.run ? requesterRunText(row.locale as Locale, onRun, row.referenceCode, row.run) : requesterUpdateText(row.locale as Locale, update, row.referenceCode);
  try {
    await sender.send(to.address, text);
  } catch (error) {
    const description = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split(to.address).join("[recipient]").slice(0, 500);
    if (error instanceof RecipientGoneError) {
      // The request stays (an organisation is acting on it); only the news cannot reach them.
      await dropPendingMessages(db, target);
      return "recipientGone";
    }
    if (!(error instanceof SendRateWaitError)) await recordDeliveryFailure(db, { channel: to.channel, description, now });
    if (error instanceof RetryLaterError) {
      await db.transaction((tx) => queueDelivery(boss, tx, target, error.retryAfterSeconds, priority));
      return "deferred";
    }
    throw new Error(description);
  }
  await completeDelivery(db, { target, pendingIds: pending.map((p) => p.id), jobId, now });
  return "sent";
}
