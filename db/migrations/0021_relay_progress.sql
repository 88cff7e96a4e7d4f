ALTER TABLE "message_outbox" ADD COLUMN "relayed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_outbox" ADD COLUMN "relayed_through" uuid;