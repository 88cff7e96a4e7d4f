CREATE TYPE "public"."medical_need" AS ENUM('oxygen', 'dialysis', 'insulin', 'regular_medication', 'recent_surgery', 'pregnancy', 'dementia', 'other');--> statement-breakpoint
CREATE TYPE "public"."mobility_level" AS ENUM('walks', 'needs_help', 'wheelchair', 'bedridden');--> statement-breakpoint
CREATE TYPE "public"."requester_kind" AS ENUM('self', 'relative', 'hotline', 'organisation');--> statement-breakpoint
CREATE TYPE "public"."transport_request_status" AS ENUM('new', 'contacted', 'scheduled', 'evacuated', 'could_not_reach', 'declined', 'duplicate', 'cancelled');--> statement-breakpoint
CREATE TABLE "transport_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" "transport_request_status",
	"organisation_id" uuid,
	"actor_id" uuid,
	"other_request_id" uuid,
	"request_version" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transport_request_events_kind" CHECK ("transport_request_events"."kind" in ('created', 'claimed', 'released', 'status', 'merged', 'erased', 'withdrawn', 'purged'))
);
--> statement-breakpoint
CREATE TABLE "transport_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_code" text NOT NULL,
	"town_id" uuid NOT NULL,
	"status" "transport_request_status" DEFAULT 'new' NOT NULL,
	"people_count" integer NOT NULL,
	"children_count" integer DEFAULT 0 NOT NULL,
	"mobility" "mobility_level" NOT NULL,
	"pets" boolean DEFAULT false NOT NULL,
	"medical_needs" "medical_need"[] DEFAULT '{}' NOT NULL,
	"locale" text NOT NULL,
	"requester_kind" "requester_kind" NOT NULL,
	"consented_at" timestamp with time zone,
	"consent_locale" text,
	"personal_sealed" text,
	"phone_hash" text,
	"telegram_hash" text,
	"personal_erased_at" timestamp with time zone,
	"claimed_by_organisation_id" uuid,
	"claimed_at" timestamp with time zone,
	"last_progress_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_into_id" uuid,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "transport_requests_people" CHECK ("transport_requests"."people_count" between 1 and 50 and "transport_requests"."children_count" between 0 and "transport_requests"."people_count"),
	CONSTRAINT "transport_requests_locale" CHECK ("transport_requests"."locale" in ('uk', 'ru', 'en')),
	CONSTRAINT "transport_requests_erased" CHECK ("transport_requests"."personal_erased_at" is null or ("transport_requests"."personal_sealed" is null and "transport_requests"."phone_hash" is null and "transport_requests"."telegram_hash" is null)),
	CONSTRAINT "transport_requests_closed" CHECK (("transport_requests"."closed_at" is null) = ("transport_requests"."status" in ('new', 'contacted', 'scheduled')))
);
--> statement-breakpoint
ALTER TABLE "transport_request_events" ADD CONSTRAINT "transport_request_events_request_id_transport_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."transport_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_request_events" ADD CONSTRAINT "transport_request_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_request_events" ADD CONSTRAINT "transport_request_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_claimed_by_organisation_id_organisations_id_fk" FOREIGN KEY ("claimed_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_merged_into_id_transport_requests_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."transport_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_requests" ADD CONSTRAINT "transport_requests_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transport_request_events_request_idx" ON "transport_request_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "transport_requests_reference_code_unique" ON "transport_requests" USING btree ("reference_code");--> statement-breakpoint
CREATE INDEX "transport_requests_town_status_idx" ON "transport_requests" USING btree ("town_id","status");--> statement-breakpoint
CREATE INDEX "transport_requests_phone_hash_idx" ON "transport_requests" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "transport_requests_telegram_hash_idx" ON "transport_requests" USING btree ("telegram_hash");--> statement-breakpoint
CREATE INDEX "transport_requests_erasure_idx" ON "transport_requests" USING btree ("closed_at") WHERE "transport_requests"."personal_sealed" is not null;--> statement-breakpoint
-- Town pages show how many requests are open and being handled: a change moves the public version.
CREATE TRIGGER transport_requests_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transport_requests FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
