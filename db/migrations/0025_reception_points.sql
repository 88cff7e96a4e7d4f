CREATE TYPE "public"."reception_event_kind" AS ENUM('created', 'updated', 'confirmed');--> statement-breakpoint
CREATE TYPE "public"."reception_service" AS ENUM('medical', 'pets', 'food', 'onward_transport');--> statement-breakpoint
CREATE TYPE "public"."reception_status" AS ENUM('open', 'nearly_full', 'full', 'closed');--> statement-breakpoint
CREATE TABLE "reception_point_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reception_point_id" uuid NOT NULL,
	"kind" "reception_event_kind" NOT NULL,
	"status" "reception_status" NOT NULL,
	"beds_total" integer NOT NULL,
	"beds_accessible" integer NOT NULL,
	"beds_free" integer NOT NULL,
	"beds_accessible_free" integer NOT NULL,
	"actor_id" uuid,
	"point_version" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reception_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"town_id" uuid NOT NULL,
	"name" jsonb NOT NULL,
	"address" jsonb NOT NULL,
	"beds_total" integer NOT NULL,
	"beds_accessible" integer DEFAULT 0 NOT NULL,
	"beds_free" integer NOT NULL,
	"beds_accessible_free" integer DEFAULT 0 NOT NULL,
	"services" "reception_service"[] DEFAULT '{}' NOT NULL,
	"status" "reception_status" DEFAULT 'open' NOT NULL,
	"freshness_window_hours" integer DEFAULT 3 NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "reception_points_name_shape" CHECK ((jsonb_typeof("reception_points"."name"->'uk') = 'string' and jsonb_typeof("reception_points"."name"->'ru') = 'string' and jsonb_typeof("reception_points"."name"->'en') = 'string' and (btrim("reception_points"."name"->>'uk') <> '' or btrim("reception_points"."name"->>'ru') <> '' or btrim("reception_points"."name"->>'en') <> '')) is true),
	CONSTRAINT "reception_points_address_shape" CHECK ((jsonb_typeof("reception_points"."address"->'uk') = 'string' and jsonb_typeof("reception_points"."address"->'ru') = 'string' and jsonb_typeof("reception_points"."address"->'en') = 'string' and (btrim("reception_points"."address"->>'uk') <> '' or btrim("reception_points"."address"->>'ru') <> '' or btrim("reception_points"."address"->>'en') <> '')) is true),
	CONSTRAINT "reception_points_beds" CHECK ("reception_points"."beds_total" between 0 and 100000 and "reception_points"."beds_accessible" between 0 and "reception_points"."beds_total" and "reception_points"."beds_free" between 0 and "reception_points"."beds_total" and "reception_points"."beds_accessible_free" between 0 and "reception_points"."beds_accessible" and "reception_points"."beds_accessible_free" <= "reception_points"."beds_free"),
	CONSTRAINT "reception_points_freshness_window" CHECK ("reception_points"."freshness_window_hours" between 1 and 168)
);
--> statement-breakpoint
ALTER TABLE "reception_point_events" ADD CONSTRAINT "reception_point_events_reception_point_id_reception_points_id_fk" FOREIGN KEY ("reception_point_id") REFERENCES "public"."reception_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_point_events" ADD CONSTRAINT "reception_point_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_points" ADD CONSTRAINT "reception_points_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_points" ADD CONSTRAINT "reception_points_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_points" ADD CONSTRAINT "reception_points_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_points" ADD CONSTRAINT "reception_points_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reception_points" ADD CONSTRAINT "reception_points_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reception_point_events_point_idx" ON "reception_point_events" USING btree ("reception_point_id","id");--> statement-breakpoint
CREATE INDEX "reception_points_town_idx" ON "reception_points" USING btree ("town_id");--> statement-breakpoint
CREATE INDEX "reception_points_organisation_idx" ON "reception_points" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reception_points_updated_idx" ON "reception_points" USING btree ("updated_at");--> statement-breakpoint
-- Reception points are shown on the destination town's pages, the API and HXL: a write moves the public version.
CREATE TRIGGER reception_points_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reception_points FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
