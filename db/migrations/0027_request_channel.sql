CREATE TYPE "public"."request_channel" AS ENUM('web', 'telegram', 'sms', 'hotline');--> statement-breakpoint
-- Backfill of the requests already stored, from what they hold in clear (nothing sealed is
-- opened): entered by a staff account (created_by, or the hotline requester kind once that
-- account is gone) is "hotline"; facts left unknown are what only the SMS keyword stores, so
-- "sms"; the rest came by the web form or the bot, which leave nothing in clear to tell apart,
-- and are taken as "web". A bot request from before this migration is then not withdrawn by a
-- /stop from its chat but kept open with its Telegram updates stopped: the safer mistake (nothing
-- the person may still need is erased), and such requests close within weeks.
ALTER TABLE "transport_requests" ADD COLUMN "channel" "request_channel";--> statement-breakpoint
UPDATE "transport_requests" SET "channel" = CASE
  WHEN "created_by" IS NOT NULL OR "requester_kind" = 'hotline' THEN 'hotline'::request_channel
  WHEN "unknown_fields" <> '{}' THEN 'sms'::request_channel
  ELSE 'web'::request_channel
END;--> statement-breakpoint
ALTER TABLE "transport_requests" ALTER COLUMN "channel" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD COLUMN "sms_refused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD COLUMN "telegram_refused_at" timestamp with time zone;
