CREATE TYPE "public"."message_channel" AS ENUM('telegram', 'sms');--> statement-breakpoint
CREATE TYPE "public"."message_topic_kind" AS ENUM('route', 'agreement', 'notice');--> statement-breakpoint
CREATE TABLE "message_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic_kind" "message_topic_kind" NOT NULL,
	"topic_id" uuid NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscriber_id" uuid,
	"channel_id" uuid,
	"topic_kind" "message_topic_kind" NOT NULL,
	"topic_id" uuid NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" uuid,
	CONSTRAINT "message_pending_one_target" CHECK (num_nonnulls("message_pending"."subscriber_id", "message_pending"."channel_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "messaging_failures" (
	"channel" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text DEFAULT '' NOT NULL,
	"last_error_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "messaging_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_by" uuid,
	"swept_until" timestamp with time zone,
	"key_check" text,
	CONSTRAINT "messaging_state_single_row" CHECK ("messaging_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "message_channel" NOT NULL,
	"address_hash" text NOT NULL,
	"address_sealed" text NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sent_at" timestamp with time zone,
	CONSTRAINT "subscribers_locale" CHECK ("subscribers"."locale" in ('uk', 'ru', 'en'))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"subscriber_id" uuid NOT NULL,
	"town_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_subscriber_id_town_id_pk" PRIMARY KEY("subscriber_id","town_id")
);
--> statement-breakpoint
CREATE TABLE "telegram_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chat_id" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"locale" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sent_at" timestamp with time zone,
	CONSTRAINT "telegram_channels_locale" CHECK ("telegram_channels"."locale" in ('uk', 'ru', 'en'))
);
--> statement-breakpoint
ALTER TABLE "message_pending" ADD CONSTRAINT "message_pending_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_pending" ADD CONSTRAINT "message_pending_channel_id_telegram_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."telegram_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_state" ADD CONSTRAINT "messaging_state_paused_by_users_id_fk" FOREIGN KEY ("paused_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telegram_channels" ADD CONSTRAINT "telegram_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_pending_subscriber_topic" ON "message_pending" USING btree ("subscriber_id","topic_kind","topic_id") WHERE "message_pending"."subscriber_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "message_pending_channel_topic" ON "message_pending" USING btree ("channel_id","topic_kind","topic_id") WHERE "message_pending"."channel_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_channel_address_unique" ON "subscribers" USING btree ("channel","address_hash");--> statement-breakpoint
CREATE INDEX "subscribers_last_active_idx" ON "subscribers" USING btree ("last_active_at");--> statement-breakpoint
CREATE INDEX "subscriptions_town_idx" ON "subscriptions" USING btree ("town_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telegram_channels_chat_unique" ON "telegram_channels" USING btree ("chat_id");
--> statement-breakpoint
-- The transactional outbox (db/schema/messaging.ts): what residents are told about is queued by
-- the database itself, in the transaction that made the change, whichever code path made it.
-- Time-based changes (a status going stale, a window opening) are queued by the relay's sweep.
CREATE OR REPLACE FUNCTION corridor_outbox_route() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status
     OR NEW.status_reason_codes IS DISTINCT FROM OLD.status_reason_codes
     -- an incident flag newly set
     OR (NEW.review_flagged_at IS NOT NULL AND NEW.review_flagged_at IS DISTINCT FROM OLD.review_flagged_at)
     -- confirmed for the first time, or again after the last confirmation had lapsed (residents were told "unconfirmed")
     OR (NEW.status_confirmed_at IS NOT NULL AND OLD.status_confirmed_at IS NULL)
     OR (NEW.status_confirmed_at > OLD.status_confirmed_at + make_interval(hours => OLD.freshness_window_hours))
  THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('route', NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER routes_message_outbox AFTER UPDATE ON routes FOR EACH ROW EXECUTE FUNCTION corridor_outbox_route();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION corridor_outbox_agreement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Only windows residents could see: agreed now (newly, or with new times), or agreed until this
  -- change. A proposed agreement that is rejected was never public and is never told. A withdrawn
  -- window is no longer readable through db/public, so its (once public) times travel with the row.
  IF TG_OP = 'INSERT' THEN
    IF NEW.state = 'agreed' THEN
      INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('agreement', NEW.id);
    END IF;
  ELSIF NEW.state = 'agreed' AND (OLD.state <> 'agreed' OR (NEW.window_start, NEW.window_end) IS DISTINCT FROM (OLD.window_start, OLD.window_end)) THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('agreement', NEW.id);
  ELSIF OLD.state = 'agreed' AND NEW.state <> 'agreed' THEN
    INSERT INTO message_outbox (topic_kind, topic_id, payload)
    VALUES ('agreement', NEW.id, jsonb_build_object('withdrawnWindow', jsonb_build_object('windowStart', OLD.window_start, 'windowEnd', OLD.window_end)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER corridor_agreements_message_outbox AFTER INSERT OR UPDATE ON corridor_agreements FOR EACH ROW EXECUTE FUNCTION corridor_outbox_agreement();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION corridor_outbox_notice() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR (NEW.text_uk, NEW.text_ru, NEW.text_en, NEW.severity) IS DISTINCT FROM (OLD.text_uk, OLD.text_ru, OLD.text_en, OLD.severity)
  THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('notice', NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER area_notices_message_outbox AFTER INSERT OR UPDATE ON area_notices FOR EACH ROW EXECUTE FUNCTION corridor_outbox_notice();
--> statement-breakpoint
INSERT INTO messaging_state (id) VALUES (1) ON CONFLICT DO NOTHING;
