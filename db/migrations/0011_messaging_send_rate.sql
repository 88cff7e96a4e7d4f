CREATE TABLE "messaging_send_rate" (
	"gateway" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
