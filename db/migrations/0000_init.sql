CREATE TYPE "public"."agreement_state" AS ENUM('proposed', 'agreed', 'suspended', 'violated', 'rejected', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."claim_stance" AS ENUM('affirms', 'disputes', 'denies', 'neutral');--> statement-breakpoint
CREATE TYPE "public"."geo_precision" AS ENUM('place', 'near', 'region');--> statement-breakpoint
CREATE TYPE "public"."incident_category" AS ENUM('attack_on_civilians_in_transit', 'shelling_or_strike_near_route', 'armed_clash_near_route', 'territorial_control_change', 'mines_uxo_ied', 'abduction_or_detention', 'movement_restriction', 'interference_with_evacuation', 'violence_against_humanitarians', 'ceasefire_or_corridor_event', 'physical_obstacle', 'denial_of_access_to_services', 'other');--> statement-breakpoint
CREATE TYPE "public"."notice_severity" AS ENUM('info', 'warning', 'danger');--> statement-breakpoint
CREATE TYPE "public"."party_role" AS ENUM('party_to_conflict', 'guarantor', 'broker', 'observer');--> statement-breakpoint
CREATE TYPE "public"."route_mode" AS ENUM('bus', 'train', 'private_vehicle', 'on_foot', 'mixed');--> statement-breakpoint
CREATE TYPE "public"."route_status" AS ENUM('open', 'caution', 'closed', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."source_kind" AS ENUM('wire_agency', 'official_channel', 'local_media', 'international_media', 'ngo_field_report', 'eyewitness', 'other');--> statement-breakpoint
CREATE TYPE "public"."status_event_kind" AS ENUM('update', 'confirm');--> statement-breakpoint
CREATE TYPE "public"."time_precision" AS ENUM('day', 'week', 'month');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."verification_state" AS ENUM('unverified', 'corroborated', 'verified', 'disputed', 'false');--> statement-breakpoint
CREATE TYPE "public"."visibility" AS ENUM('public', 'internal');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"sessions_valid_after" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "source_kind" NOT NULL,
	"outlet" text NOT NULL,
	"title" text,
	"url" text,
	"published_at" timestamp with time zone,
	"archive_ref" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "area_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"town_id" uuid,
	"oblast_id" uuid,
	"severity" "notice_severity" DEFAULT 'warning' NOT NULL,
	"text_uk" text NOT NULL,
	"text_ru" text NOT NULL,
	"text_en" text NOT NULL,
	"source_id" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "area_notices_one_target" CHECK (("area_notices"."town_id" is null) <> ("area_notices"."oblast_id" is null))
);
--> statement-breakpoint
CREATE TABLE "oblasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_uk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"pcode" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "towns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_uk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"oblast_id" uuid NOT NULL,
	"pcode" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "towns_slug_format" CHECK ("towns"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "towns_lat_range" CHECK ("towns"."lat" between -90 and 90),
	CONSTRAINT "towns_lon_range" CHECK ("towns"."lon" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "route_status_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"route_id" uuid NOT NULL,
	"kind" "status_event_kind" DEFAULT 'update' NOT NULL,
	"status" "route_status" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source_id" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"route_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"origin_town_id" uuid NOT NULL,
	"destination_town_id" uuid NOT NULL,
	"waypoints" jsonb NOT NULL,
	"mode" "route_mode" NOT NULL,
	"assembly_point" text DEFAULT '' NOT NULL,
	"schedule" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"freshness_window_hours" integer DEFAULT 6 NOT NULL,
	"status" "route_status" DEFAULT 'unknown' NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_confirmed_at" timestamp with time zone,
	"status_confirmed_by" uuid,
	"review_flagged_at" timestamp with time zone,
	"review_flag_incident_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routes_distinct_towns" CHECK ("routes"."origin_town_id" <> "routes"."destination_town_id"),
	CONSTRAINT "routes_min_two_points" CHECK (jsonb_array_length("routes"."waypoints") >= 2),
	CONSTRAINT "routes_freshness_window" CHECK ("routes"."freshness_window_hours" between 1 and 168),
	CONSTRAINT "routes_slug_format" CHECK ("routes"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "agreement_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"party_id" uuid,
	"claimant" text NOT NULL,
	"stance" "claim_stance" NOT NULL,
	"statement" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"source_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" "party_role" NOT NULL,
	"representative" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_routes" (
	"agreement_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	CONSTRAINT "agreement_routes_agreement_id_route_id_pk" PRIMARY KEY("agreement_id","route_id")
);
--> statement-breakpoint
CREATE TABLE "agreement_sources" (
	"agreement_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	CONSTRAINT "agreement_sources_agreement_id_source_id_pk" PRIMARY KEY("agreement_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "corridor_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"state" "agreement_state" DEFAULT 'proposed' NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"window_time_zone" text DEFAULT 'Europe/Kyiv' NOT NULL,
	"terms" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "corridor_agreements_window_order" CHECK ("corridor_agreements"."window_end" > "corridor_agreements"."window_start")
);
--> statement-breakpoint
CREATE TABLE "incident_agreements" (
	"incident_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	CONSTRAINT "incident_agreements_incident_id_agreement_id_pk" PRIMARY KEY("incident_id","agreement_id")
);
--> statement-breakpoint
CREATE TABLE "incident_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_routes" (
	"incident_id" uuid NOT NULL,
	"route_id" uuid NOT NULL,
	CONSTRAINT "incident_routes_incident_id_route_id_pk" PRIMARY KEY("incident_id","route_id")
);
--> statement-breakpoint
CREATE TABLE "incident_sources" (
	"incident_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	CONSTRAINT "incident_sources_incident_id_source_id_pk" PRIMARY KEY("incident_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" "incident_category" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"occurred_precision" time_precision DEFAULT 'day' NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"town_id" uuid,
	"lat" double precision,
	"lon" double precision,
	"geo_precision" "geo_precision" DEFAULT 'place' NOT NULL,
	"killed" integer,
	"injured" integer,
	"missing" integer,
	"public_summary" text NOT NULL,
	"internal_description" text DEFAULT '' NOT NULL,
	"verification" "verification_state" DEFAULT 'unverified' NOT NULL,
	"visibility" "visibility" DEFAULT 'internal' NOT NULL,
	"reported_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_has_location" CHECK ("incidents"."town_id" is not null or ("incidents"."lat" is not null and "incidents"."lon" is not null)),
	CONSTRAINT "incidents_point_complete" CHECK (("incidents"."lat" is null) = ("incidents"."lon" is null)),
	CONSTRAINT "incidents_lat_range" CHECK ("incidents"."lat" is null or "incidents"."lat" between -90 and 90),
	CONSTRAINT "incidents_lon_range" CHECK ("incidents"."lon" is null or "incidents"."lon" between -180 and 180),
	CONSTRAINT "incidents_casualties_non_negative" CHECK (coalesce("incidents"."killed", 0) >= 0 and coalesce("incidents"."injured", 0) >= 0 and coalesce("incidents"."missing", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_notices" ADD CONSTRAINT "area_notices_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_notices" ADD CONSTRAINT "area_notices_oblast_id_oblasts_id_fk" FOREIGN KEY ("oblast_id") REFERENCES "public"."oblasts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_notices" ADD CONSTRAINT "area_notices_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_notices" ADD CONSTRAINT "area_notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "towns" ADD CONSTRAINT "towns_oblast_id_oblasts_id_fk" FOREIGN KEY ("oblast_id") REFERENCES "public"."oblasts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_status_events" ADD CONSTRAINT "route_status_events_route_id_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."routes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_status_events" ADD CONSTRAINT "route_status_events_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_status_events" ADD CONSTRAINT "route_status_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_origin_town_id_towns_id_fk" FOREIGN KEY ("origin_town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_destination_town_id_towns_id_fk" FOREIGN KEY ("destination_town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_status_confirmed_by_users_id_fk" FOREIGN KEY ("status_confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_claims" ADD CONSTRAINT "agreement_claims_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_claims" ADD CONSTRAINT "agreement_claims_party_id_agreement_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."agreement_parties"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_claims" ADD CONSTRAINT "agreement_claims_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_claims" ADD CONSTRAINT "agreement_claims_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_routes" ADD CONSTRAINT "agreement_routes_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_routes" ADD CONSTRAINT "agreement_routes_route_id_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."routes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_sources" ADD CONSTRAINT "agreement_sources_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_sources" ADD CONSTRAINT "agreement_sources_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corridor_agreements" ADD CONSTRAINT "corridor_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_agreements" ADD CONSTRAINT "incident_agreements_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_agreements" ADD CONSTRAINT "incident_agreements_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_revisions" ADD CONSTRAINT "incident_revisions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_revisions" ADD CONSTRAINT "incident_revisions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_routes" ADD CONSTRAINT "incident_routes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_routes" ADD CONSTRAINT "incident_routes_route_id_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."routes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_sources" ADD CONSTRAINT "incident_sources_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_sources" ADD CONSTRAINT "incident_sources_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "sources_outlet_idx" ON "sources" USING btree ("outlet");--> statement-breakpoint
CREATE INDEX "area_notices_town_idx" ON "area_notices" USING btree ("town_id");--> statement-breakpoint
CREATE INDEX "area_notices_oblast_idx" ON "area_notices" USING btree ("oblast_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oblasts_slug_unique" ON "oblasts" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "towns_slug_unique" ON "towns" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "towns_oblast_idx" ON "towns" USING btree ("oblast_id");--> statement-breakpoint
CREATE INDEX "route_status_events_route_time_idx" ON "route_status_events" USING btree ("route_id","confirmed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "routes_slug_unique" ON "routes" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "routes_origin_idx" ON "routes" USING btree ("origin_town_id");--> statement-breakpoint
CREATE INDEX "routes_destination_idx" ON "routes" USING btree ("destination_town_id");--> statement-breakpoint
CREATE INDEX "routes_status_idx" ON "routes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "agreement_claims_agreement_idx" ON "agreement_claims" USING btree ("agreement_id","claimed_at");--> statement-breakpoint
CREATE INDEX "agreement_parties_agreement_idx" ON "agreement_parties" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "agreement_routes_route_idx" ON "agreement_routes" USING btree ("route_id");--> statement-breakpoint
CREATE INDEX "corridor_agreements_window_idx" ON "corridor_agreements" USING btree ("window_start","window_end");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_revisions_incident_revision_unique" ON "incident_revisions" USING btree ("incident_id","revision");--> statement-breakpoint
CREATE INDEX "incident_routes_route_idx" ON "incident_routes" USING btree ("route_id");--> statement-breakpoint
CREATE INDEX "incidents_occurred_idx" ON "incidents" USING btree ("occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_town_idx" ON "incidents" USING btree ("town_id");--> statement-breakpoint
CREATE INDEX "incidents_public_idx" ON "incidents" USING btree ("visibility","verification","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");