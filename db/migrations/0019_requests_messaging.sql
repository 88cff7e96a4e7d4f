ALTER TYPE "public"."message_topic_kind" ADD VALUE 'transport_request';--> statement-breakpoint
CREATE TABLE "request_dialogues" (
	"channel" "message_channel" NOT NULL,
	"address_hash" text NOT NULL,
	"step" text NOT NULL,
	"draft_sealed" text NOT NULL,
	"locale" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "request_dialogues_channel_address_hash_pk" PRIMARY KEY("channel","address_hash"),
	CONSTRAINT "request_dialogues_locale" CHECK ("request_dialogues"."locale" in ('uk', 'ru', 'en'))
);
--> statement-breakpoint
ALTER TABLE "message_pending" DROP CONSTRAINT "message_pending_one_target";--> statement-breakpoint
ALTER TABLE "transport_requests" DROP CONSTRAINT "transport_requests_erased";--> statement-breakpoint
ALTER TABLE "message_pending" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD COLUMN "address_token_hashes" text[];--> statement-breakpoint
ALTER TABLE "transport_requests" ADD COLUMN "possible_duplicate_of_id" uuid;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD COLUMN "unknown_fields" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "request_dialogues_updated_idx" ON "request_dialogues" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "message_pending" ADD CONSTRAINT "message_pending_request_id_transport_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."transport_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_possible_duplicate_of_id_transport_requests_id_fk" FOREIGN KEY ("possible_duplicate_of_id") REFERENCES "public"."transport_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_pending_request_topic" ON "message_pending" USING btree ("request_id","topic_kind","topic_id") WHERE "message_pending"."request_id" is not null;--> statement-breakpoint
CREATE INDEX "transport_requests_address_tokens_idx" ON "transport_requests" USING gin ("address_token_hashes");--> statement-breakpoint
ALTER TABLE "message_pending" ADD CONSTRAINT "message_pending_one_target" CHECK (num_nonnulls("message_pending"."subscriber_id", "message_pending"."channel_id", "message_pending"."request_id") = 1);--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_erased" CHECK ("transport_requests"."personal_erased_at" is null or ("transport_requests"."personal_sealed" is null and "transport_requests"."phone_hash" is null and "transport_requests"."telegram_hash" is null and "transport_requests"."address_token_hashes" is null));--> statement-breakpoint
-- A requester is told each step of their request (claimed, contacted, scheduled, closed): queued
-- by the database in the transaction of the event, like every other notification, so a
-- rolled-back change is never told and a committed one never forgotten. The outbox row names the
-- request only; who to tell is read from the request (sealed) when the message is sent.
CREATE OR REPLACE FUNCTION corridor_outbox_transport_request() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind IN ('claimed', 'status') OR (NEW.kind = 'merged' AND NEW.status = 'duplicate') THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('transport_request', NEW.request_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transport_request_events_message_outbox AFTER INSERT ON transport_request_events FOR EACH ROW EXECUTE FUNCTION corridor_outbox_transport_request();
