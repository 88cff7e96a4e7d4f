import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { OneClickForm } from "@/components/forms/one-click-form";
import { getDb } from "@/db";
import { getMessagingOverview } from "@/db/queries/messaging-admin";
import { DEFAULT_SMS_PER_SECOND, getSmsConfig, getTelegramConfig } from "@/env";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { secondsToDrain, sendingRates, TELL_WITHIN_SECONDS, townsOverCapacity } from "@/lib/messaging/capacity";
import { formatStaffTime } from "@/lib/time";
import { getQueueStats } from "@/server/messaging/queue-stats";
import { pauseMessagingAction, resumeMessagingAction } from "./actions";

export const dynamic = "force-dynamic";

const SAVED = ["paused", "resumed"] as const;

/**
 * Messaging at a glance for admins: whether messages go out, how many residents follow each town
 * (never who), what is waiting or failed, and the switch that holds every outbound message.
 */
export default async function AdminMessagingPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const t = await getTranslations("messagingAdmin");
  const [overview, queue] = await Promise.all([getMessagingOverview(await getDb(), user), getQueueStats()]);
  const savedParam = (await searchParams).saved;
  const saved = SAVED.find((s) => s === savedParam);
  const telegram = getTelegramConfig();
  const sms = getSmsConfig();
  const record = { id: "messaging", version: overview.version };
  const on = (value: boolean) => (value ? t("on") : t("off"));
  // Over capacity: what waits, or one change in a big town, takes longer than the promised minute.
  const rates = sendingRates(sms?.perSecond ?? DEFAULT_SMS_PER_SECOND);
  const drainSeconds = secondsToDrain(overview.pendingRecipients, rates);
  const bigTowns = townsOverCapacity(overview.subscriptions, rates);
  const ageSeconds = overview.oldestPendingSeconds;
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      {saved && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`saved_${saved}`)}
        </p>
      )}

      <section aria-labelledby="messaging-switch">
        <h2 id="messaging-switch">{t("switchTitle")}</h2>
        <p>
          <strong>
            {overview.paused
              ? t("pausedSince", { time: overview.pausedAt ? formatStaffTime(overview.pausedAt, locale) : "—", by: overview.pausedBy ?? t("someone") })
              : t("sending")}
          </strong>
        </p>
        {overview.paused ? (
          <OneClickForm action={resumeMessagingAction} record={record} label={t("resume")} hint={t("resumeHint")} buttonClassName="button" />
        ) : (
          <OneClickForm action={pauseMessagingAction} record={record} label={t("pause")} hint={t("pauseHint")} />
        )}
      </section>

      <section aria-labelledby="messaging-channels">
        <h2 id="messaging-channels">{t("channelsTitle")}</h2>
        <dl className="details">
          <dt>{t("telegramBot")}</dt>
          <dd>{on(telegram !== null)}</dd>
          <dt>{t("smsInbound")}</dt>
          <dd>{on(sms !== null)}</dd>
          <dt>{t("smsOutbound")}</dt>
          <dd>{on(Boolean(sms?.apiUrl))}</dd>
          <dt>{t("linkedChannels")}</dt>
          <dd>{overview.linkedChannels}</dd>
        </dl>
      </section>

      <section aria-labelledby="messaging-queue">
        <h2 id="messaging-queue">{t("queueTitle")}</h2>
        <dl className="details">
          <dt>{t("pendingTopics")}</dt>
          <dd>{overview.pendingTopics}</dd>
          <dt>{t("oldestPending")}</dt>
          <dd>
            {ageSeconds === null || !overview.oldestPendingAt
              ? t("nothingPending")
              : t("oldestPendingAge", { minutes: Math.floor(ageSeconds / 60), seconds: ageSeconds % 60, time: formatStaffTime(overview.oldestPendingAt, locale) })}
          </dd>
          <dt>{t("waitingDeliveries")}</dt>
          <dd>{queue ? queue.waiting : t("unknown")}</dd>
          <dt>{t("deadLetters")}</dt>
          <dd>{queue ? queue.deadLetters : t("unknown")}</dd>
        </dl>
        <p className="hint">{t("deadLettersHint")}</p>
        {(drainSeconds > TELL_WITHIN_SECONDS || bigTowns.length > 0) && (
          <div className="notice notice-warning">
            <h3>
              <span aria-hidden="true">⚠ </span>
              {t("overCapacityTitle")}
            </h3>
            {drainSeconds > TELL_WITHIN_SECONDS && (
              <p>{t("overCapacityQueue", { minutes: Math.ceil(drainSeconds / 60), telegram: Math.floor(rates.telegram), sms: Math.floor(rates.sms) })}</p>
            )}
            {bigTowns.length > 0 && (
              <>
                <p>{t("overCapacityTowns")}</p>
                <ul>
                  {bigTowns.map((town) => (
                    <li key={`${town.townSlug}-${town.channel}`}>
                      {t("overCapacityTown", { town: localizedName(town, locale), channel: t(`channel_${town.channel}`), subscribers: town.subscribers, seconds: Math.round(town.seconds) })}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p>{t("overCapacityHint")}</p>
          </div>
        )}
        <h3>{t("failuresTitle")}</h3>
        {overview.failures.length === 0 ? (
          <p>{t("noFailures")}</p>
        ) : (
          <table className="diff">
            <caption className="visually-hidden">{t("failuresTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("channel")}</th>
                <th scope="col">{t("failures")}</th>
                <th scope="col">{t("lastError")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.failures.map((f) => (
                <tr key={f.channel}>
                  <th scope="row">{t(`channel_${f.channel}` as "channel_telegram")}</th>
                  <td>{f.failures}</td>
                  <td>
                    {f.lastError}
                    {f.lastErrorAt && <span className="meta"> ({formatStaffTime(f.lastErrorAt, locale)})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="messaging-subscriptions">
        <h2 id="messaging-subscriptions">{t("subscriptionsTitle")}</h2>
        <p className="notice notice-info">{t("privacy")}</p>
        {overview.subscriptions.length === 0 ? (
          <p>{t("noSubscriptions")}</p>
        ) : (
          <table className="diff">
            <caption className="visually-hidden">{t("subscriptionsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("town")}</th>
                <th scope="col">{t("channel")}</th>
                <th scope="col">{t("subscribers")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.subscriptions.map((s) => (
                <tr key={`${s.townSlug}-${s.channel}`}>
                  <th scope="row">{localizedName(s, locale)}</th>
                  <td>{t(`channel_${s.channel}`)}</td>
                  <td>{s.subscribers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
