CREATE TABLE "inbound_messages" (
	"channel" "message_channel" NOT NULL,
	"id_hash" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_channel_id_hash_pk" PRIMARY KEY("channel","id_hash")
);
--> statement-breakpoint
CREATE INDEX "inbound_messages_received_idx" ON "inbound_messages" USING btree ("received_at");