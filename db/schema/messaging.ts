import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { messageChannel, messageTopicKind } from "./enums";
import { towns } from "./places";
import { transportRequests } from "./transport-requests";
import { users } from "./users";
import type { RecordedRouteState } from "@/lib/messaging/told-state";

// Residents who asked to be told when a route out of their town changes, and the messages on
// their way to them. A list of people in an occupied town who want to leave endangers them, so
// only what delivery needs is kept: the chat id or phone number sealed with SUBSCRIBER_KEY
// (AES-256-GCM), a keyed hash to find it again, the towns and the language. No names, no message
// history; no page or export lists subscribers, only counts per town.

const localeCheck = (name: string, column: unknown) => check(name, sql`${column} in ('uk', 'ru', 'en')`);

export const subscribers = pgTable(
  "subscribers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: messageChannel("channel").notNull(),
    /** HMAC-SHA256 of the address under a key derived from SUBSCRIBER_KEY: look-up without decrypting. */
    addressHash: text("address_hash").notNull(),
    /** The address sealed with AES-256-GCM (iv, tag and ciphertext, base64url). */
    addressSealed: text("address_sealed").notNull(),
    locale: text("locale").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The last time the resident wrote to us: 30 days without a word ends the subscription. */
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull().defaultNow(),
    /** The last notification sent: the next one waits at least a minute after it. */
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("subscribers_channel_address_unique").on(t.channel, t.addressHash),
    index("subscribers_last_active_idx").on(t.lastActiveAt),
    localeCheck("subscribers_locale", t.locale),
  ],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    subscriberId: uuid("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    townId: uuid("town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.townId] }), index("subscriptions_town_idx").on(t.townId)],
);

/** An organisation's own public Telegram channel, to which every public status change is posted. */
export const telegramChannels = pgTable(
  "telegram_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "@channel_name" or the numeric id ("-100…"). Public by nature: it is the organisation's channel. */
    chatId: text("chat_id").notNull(),
    title: text("title").notNull().default(""),
    locale: text("locale").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("telegram_channels_chat_unique").on(t.chatId), localeCheck("telegram_channels_locale", t.locale)],
);

/**
 * The transactional outbox: triggers (migration 0009) add a row in the same transaction as every
 * change residents are told about, so a committed change is never lost and a rolled-back one
 * never sent. The relay (server/messaging/relay.ts) turns rows into pending notifications.
 */
export const messageOutbox = pgTable("message_outbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  topicKind: messageTopicKind("topic_kind").notNull(),
  topicId: uuid("topic_id").notNull(),
  /** What the trigger knew that a later read cannot: a withdrawn window's times (it is no longer public). */
  payload: jsonb("payload").$type<MessageTopicPayload>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * How far the relay has gone: a large change is relayed in several short transactions, and each
   * records here (with that batch's pending rows and jobs) how many recipients it has queued and
   * the last subscriber, in id order, so the next one, after a crash too, goes on from there.
   */
  relayedCount: integer("relayed_count").notNull().default(0),
  relayedThrough: uuid("relayed_through"),
});

export type MessageTopicPayload = {
  withdrawnWindow?: { windowStart: string; windowEnd: string };
  /** In the outbox: a route's state before the change, as the trigger recorded it (migration 0020). */
  before?: RecordedRouteState;
  /**
   * In a pending row: the key of the route's state its recipient knows (lib/messaging/told-state.ts);
   * absent when not known, and the change is then always news.
   */
  told?: string;
};

/**
 * What a subscriber or channel has yet to be told. One row per topic: a route that changes twice
 * before the message goes out is told once, as it is when sent (changes in that minute merge).
 */
export const messagePending = pgTable(
  "message_pending",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subscriberId: uuid("subscriber_id").references(() => subscribers.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => telegramChannels.id, { onDelete: "cascade" }),
    /** A requester's update: told to the contact sealed in the request, gone with the request. */
    requestId: uuid("request_id").references(() => transportRequests.id, { onDelete: "cascade" }),
    topicKind: messageTopicKind("topic_kind").notNull(),
    topicId: uuid("topic_id").notNull(),
    payload: jsonb("payload").$type<MessageTopicPayload>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The delivery job that took this row; its retry takes the same rows again. */
    claimedBy: uuid("claimed_by"),
  },
  (t) => [
    uniqueIndex("message_pending_subscriber_topic").on(t.subscriberId, t.topicKind, t.topicId).where(sql`${t.subscriberId} is not null`),
    uniqueIndex("message_pending_channel_topic").on(t.channelId, t.topicKind, t.topicId).where(sql`${t.channelId} is not null`),
    uniqueIndex("message_pending_request_topic").on(t.requestId, t.topicKind, t.topicId).where(sql`${t.requestId} is not null`),
    check("message_pending_one_target", sql`num_nonnulls(${t.subscriberId}, ${t.channelId}, ${t.requestId}) = 1`),
  ],
);

/** One row: the outbound switch, the time-based sweep's progress, and the key check. */
export const messagingState = pgTable(
  "messaging_state",
  {
    id: smallint("id").primaryKey().default(1),
    paused: boolean("paused").notNull().default(false),
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    pausedBy: uuid("paused_by").references(() => users.id, { onDelete: "set null" }),
    /** Up to when routes going stale, windows opening and notices starting have been queued. */
    sweptUntil: timestamp("swept_until", { withTimezone: true }),
    /** HMAC of a constant under SUBSCRIBER_KEY: a different key at start-up is refused, not used. */
    keyCheck: text("key_check"),
    version: integer("version").notNull().default(1),
  },
  (t) => [check("messaging_state_single_row", sql`${t.id} = 1`)],
);

/** Delivery failures per channel for the admin page: a count and the last error (never an address). */
export const messagingFailures = pgTable("messaging_failures", {
  channel: text("channel").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastError: text("last_error").notNull().default(""),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
});

/**
 * The shared send rate per gateway ("telegram", "sms"): the instant its next message may go out.
 * Every instance reserves its sends here (db/queries/send-rate.ts), so together they never exceed
 * the platform's limit, and a gateway's "retry after" holds every instance, not only the one told.
 */
export const messagingSendRate = pgTable("messaging_send_rate", {
  gateway: text("gateway").primaryKey(),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
});

/**
 * Inbound messages already answered, by the gateway's id for each (Twilio's MessageSid), kept a
 * day: a captured signed webhook replayed within that day changes nothing. Its signature carries
 * no time or nonce, so the id is all that tells a replay from a new message. Only a keyed hash of
 * the id is kept, nothing about the sender.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    channel: messageChannel("channel").notNull(),
    idHash: text("id_hash").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.idHash] }), index("inbound_messages_received_idx").on(t.receivedAt)],
);

/**
 * A request for transport being asked for step by step (Telegram `/evacuate`, the SMS keyword's
 * consent): kept here, not in a process's memory, so a restart or a second instance answering the
 * next message carries on where the resident was. Found by the chat's or number's keyed hash; the
 * answers so far (an address among them) are one sealed value. Deleted when the request is made,
 * cancelled, or a day after the last answer.
 */
export const requestDialogues = pgTable(
  "request_dialogues",
  {
    channel: messageChannel("channel").notNull(),
    addressHash: text("address_hash").notNull(),
    /** Which question is waiting for its answer (lib/messaging/evacuation-dialogue.ts). */
    step: text("step").notNull(),
    draftSealed: text("draft_sealed").notNull(),
    /**
     * The town once it is answered, in clear like a request's own town, so a town's emergency
     * purge reaches the questions still being asked there (the draft is sealed and cannot be searched).
     */
    townId: uuid("town_id").references(() => towns.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.channel, t.addressHash] }),
    index("request_dialogues_updated_idx").on(t.updatedAt),
    index("request_dialogues_town_idx").on(t.townId),
    localeCheck("request_dialogues_locale", t.locale),
  ],
);
