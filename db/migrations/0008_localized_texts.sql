CREATE TYPE "public"."status_reason_code" AS ENUM('active_fighting', 'shelling_or_air_strikes', 'civilians_fired_on', 'checkpoint_closed', 'road_or_bridge_damaged', 'mines_or_uxo', 'territory_changed_hands', 'ceasefire_not_respected', 'no_transport_available', 'fuel_shortage', 'weather', 'corridor_agreed', 'transport_running', 'other');--> statement-breakpoint
-- Existing free texts were written in one unknown language. Each moves, whole and unchanged, into
-- the language its letters say: Russian-only letters (ы э ъ ё) and no Ukrainian-only ones (і ї є ґ)
-- is Russian, other Cyrillic is Ukrainian, anything else English. Nothing is translated or cut.
CREATE FUNCTION "corridor_text_in_its_language"(value text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN value ~ '[ыэъёЫЭЪЁ]' AND value !~ '[іїєґІЇЄҐ]' THEN jsonb_build_object('uk', '', 'ru', value, 'en', '')
    WHEN value ~ '[А-яЁёІіЇїЄєҐґ]' THEN jsonb_build_object('uk', value, 'ru', '', 'en', '')
    ELSE jsonb_build_object('uk', '', 'ru', '', 'en', value)
  END
$$;--> statement-breakpoint
ALTER TABLE "route_status_events" ALTER COLUMN "reason" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "route_status_events" ALTER COLUMN "reason" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("reason");--> statement-breakpoint
ALTER TABLE "route_status_events" ALTER COLUMN "reason" SET DEFAULT '{"uk":"","ru":"","en":""}'::jsonb;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "assembly_point" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "assembly_point" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("assembly_point");--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "assembly_point" SET DEFAULT '{"uk":"","ru":"","en":""}'::jsonb;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "schedule" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "schedule" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("schedule");--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "schedule" SET DEFAULT '{"uk":"","ru":"","en":""}'::jsonb;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "status_reason" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "status_reason" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("status_reason");--> statement-breakpoint
ALTER TABLE "routes" ALTER COLUMN "status_reason" SET DEFAULT '{"uk":"","ru":"","en":""}'::jsonb;--> statement-breakpoint
ALTER TABLE "corridor_agreements" ALTER COLUMN "title" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "corridor_agreements" ALTER COLUMN "title" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("title");--> statement-breakpoint
ALTER TABLE "corridor_agreements" ALTER COLUMN "terms" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "corridor_agreements" ALTER COLUMN "terms" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("terms");--> statement-breakpoint
ALTER TABLE "corridor_agreements" ALTER COLUMN "terms" SET DEFAULT '{"uk":"","ru":"","en":""}'::jsonb;--> statement-breakpoint
ALTER TABLE "incidents" ALTER COLUMN "public_summary" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "incidents" ALTER COLUMN "public_summary" SET DATA TYPE jsonb USING "corridor_text_in_its_language"("public_summary");--> statement-breakpoint
ALTER TABLE "route_status_events" ADD COLUMN "reason_codes" "status_reason_code"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "status_reason_codes" "status_reason_code"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "route_status_events" ADD CONSTRAINT "route_status_events_reason_shape" CHECK ((jsonb_typeof("route_status_events"."reason"->'uk') = 'string' and jsonb_typeof("route_status_events"."reason"->'ru') = 'string' and jsonb_typeof("route_status_events"."reason"->'en') = 'string') is true);--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_status_reason_shape" CHECK ((jsonb_typeof("routes"."status_reason"->'uk') = 'string' and jsonb_typeof("routes"."status_reason"->'ru') = 'string' and jsonb_typeof("routes"."status_reason"->'en') = 'string') is true);--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_assembly_point_shape" CHECK ((jsonb_typeof("routes"."assembly_point"->'uk') = 'string' and jsonb_typeof("routes"."assembly_point"->'ru') = 'string' and jsonb_typeof("routes"."assembly_point"->'en') = 'string') is true);--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_schedule_shape" CHECK ((jsonb_typeof("routes"."schedule"->'uk') = 'string' and jsonb_typeof("routes"."schedule"->'ru') = 'string' and jsonb_typeof("routes"."schedule"->'en') = 'string') is true);--> statement-breakpoint
ALTER TABLE "corridor_agreements" ADD CONSTRAINT "corridor_agreements_title_shape" CHECK ((jsonb_typeof("corridor_agreements"."title"->'uk') = 'string' and jsonb_typeof("corridor_agreements"."title"->'ru') = 'string' and jsonb_typeof("corridor_agreements"."title"->'en') = 'string' and (btrim("corridor_agreements"."title"->>'uk') <> '' or btrim("corridor_agreements"."title"->>'ru') <> '' or btrim("corridor_agreements"."title"->>'en') <> '')) is true);--> statement-breakpoint
ALTER TABLE "corridor_agreements" ADD CONSTRAINT "corridor_agreements_terms_shape" CHECK ((jsonb_typeof("corridor_agreements"."terms"->'uk') = 'string' and jsonb_typeof("corridor_agreements"."terms"->'ru') = 'string' and jsonb_typeof("corridor_agreements"."terms"->'en') = 'string') is true);--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_public_summary_shape" CHECK ((jsonb_typeof("incidents"."public_summary"->'uk') = 'string' and jsonb_typeof("incidents"."public_summary"->'ru') = 'string' and jsonb_typeof("incidents"."public_summary"->'en') = 'string' and (btrim("incidents"."public_summary"->>'uk') <> '' or btrim("incidents"."public_summary"->>'ru') <> '' or btrim("incidents"."public_summary"->>'en') <> '')) is true);--> statement-breakpoint
DROP FUNCTION "corridor_text_in_its_language"(text);
