CREATE TYPE "public"."assignment_end_reason" AS ENUM('moved', 'removed', 'run_cancelled');--> statement-breakpoint
CREATE TYPE "public"."run_outcome" AS ENUM('boarded', 'not_found', 'refused', 'postponed');--> statement-breakpoint
CREATE TYPE "public"."transport_run_status" AS ENUM('planned', 'boarding', 'departed', 'arrived', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."vehicle_kind" AS ENUM('bus', 'minibus', 'van', 'ambulance', 'car', 'train_car');--> statement-breakpoint
CREATE TABLE "transport_run_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"wheelchair_places" integer NOT NULL,
	"stretcher_places" integer NOT NULL,
	"pickup_order" integer NOT NULL,
	"outcome" "run_outcome",
	"outcome_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" "assignment_end_reason",
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transport_run_assignments_places" CHECK ("transport_run_assignments"."seats" >= 0 and "transport_run_assignments"."wheelchair_places" between 0 and 1 and "transport_run_assignments"."stretcher_places" between 0 and 1 and "transport_run_assignments"."seats" + "transport_run_assignments"."wheelchair_places" + "transport_run_assignments"."stretcher_places" > 0),
	CONSTRAINT "transport_run_assignments_ended" CHECK (("transport_run_assignments"."ended_at" is null) = ("transport_run_assignments"."end_reason" is null)),
	CONSTRAINT "transport_run_assignments_outcome" CHECK (("transport_run_assignments"."outcome" is null) = ("transport_run_assignments"."outcome_at" is null)),
	CONSTRAINT "transport_run_assignments_pickup_order" CHECK ("transport_run_assignments"."pickup_order" >= 1)
);
--> statement-breakpoint
CREATE TABLE "transport_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_code" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"vehicle" "vehicle_kind" NOT NULL,
	"seats" integer NOT NULL,
	"wheelchair_places" integer DEFAULT 0 NOT NULL,
	"stretcher_places" integer DEFAULT 0 NOT NULL,
	"pets_allowed" boolean DEFAULT false NOT NULL,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"wheelchair_places_taken" integer DEFAULT 0 NOT NULL,
	"stretcher_places_taken" integer DEFAULT 0 NOT NULL,
	"route_id" uuid,
	"town_id" uuid NOT NULL,
	"departs_from" timestamp with time zone NOT NULL,
	"departs_until" timestamp with time zone NOT NULL,
	"assembly_point" jsonb DEFAULT '{"uk":"","ru":"","en":""}'::jsonb NOT NULL,
	"destination_town_id" uuid NOT NULL,
	"reception_point_id" uuid,
	"crew_contact_sealed" text,
	"status" "transport_run_status" DEFAULT 'planned' NOT NULL,
	"arrived_count" integer,
	"arrived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transport_runs_window" CHECK ("transport_runs"."departs_until" > "transport_runs"."departs_from"),
	CONSTRAINT "transport_runs_capacity" CHECK ("transport_runs"."seats" between 0 and 120 and "transport_runs"."wheelchair_places" between 0 and 40 and "transport_runs"."stretcher_places" between 0 and 40 and "transport_runs"."seats" + "transport_runs"."wheelchair_places" + "transport_runs"."stretcher_places" > 0),
	CONSTRAINT "transport_runs_seats_taken" CHECK ("transport_runs"."seats_taken" between 0 and "transport_runs"."seats"),
	CONSTRAINT "transport_runs_wheelchair_taken" CHECK ("transport_runs"."wheelchair_places_taken" between 0 and "transport_runs"."wheelchair_places"),
	CONSTRAINT "transport_runs_stretcher_taken" CHECK ("transport_runs"."stretcher_places_taken" between 0 and "transport_runs"."stretcher_places"),
	CONSTRAINT "transport_runs_arrived" CHECK (("transport_runs"."status" = 'arrived') = ("transport_runs"."arrived_count" is not null and "transport_runs"."arrived_at" is not null) and ("transport_runs"."arrived_count" is null or "transport_runs"."arrived_count" between 0 and 500)),
	CONSTRAINT "transport_runs_reference_format" CHECK ("transport_runs"."reference_code" ~ '^R-[0-9A-Z]{6}$'),
	CONSTRAINT "transport_runs_assembly_point_shape" CHECK ((jsonb_typeof("transport_runs"."assembly_point"->'uk') = 'string' and jsonb_typeof("transport_runs"."assembly_point"->'ru') = 'string' and jsonb_typeof("transport_runs"."assembly_point"->'en') = 'string') is true)
);
--> statement-breakpoint
ALTER TABLE "transport_run_assignments" ADD CONSTRAINT "transport_run_assignments_run_id_transport_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."transport_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_run_assignments" ADD CONSTRAINT "transport_run_assignments_request_id_transport_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."transport_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_run_assignments" ADD CONSTRAINT "transport_run_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_route_id_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."routes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_destination_town_id_towns_id_fk" FOREIGN KEY ("destination_town_id") REFERENCES "public"."towns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transport_runs" ADD CONSTRAINT "transport_runs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transport_run_assignments_open_request" ON "transport_run_assignments" USING btree ("request_id") WHERE "transport_run_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "transport_run_assignments_run_idx" ON "transport_run_assignments" USING btree ("run_id","pickup_order");--> statement-breakpoint
CREATE INDEX "transport_run_assignments_request_idx" ON "transport_run_assignments" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "transport_runs_reference_code_unique" ON "transport_runs" USING btree ("reference_code");--> statement-breakpoint
CREATE INDEX "transport_runs_organisation_idx" ON "transport_runs" USING btree ("organisation_id","departs_from");--> statement-breakpoint
CREATE INDEX "transport_runs_town_departs_idx" ON "transport_runs" USING btree ("town_id","departs_from");--> statement-breakpoint
CREATE INDEX "transport_runs_route_idx" ON "transport_runs" USING btree ("route_id");--> statement-breakpoint
-- A requester is told when their people are put on a run, moved to another or taken off (the
-- assignment's row), and when the run they are on starts boarding, or its time or meeting place
-- changes. Queued in the writing transaction like every other notification; the text is decided
-- from the state when it is sent (server/messaging/request-delivery.ts). A run's route closing
-- queues nothing: the organisation decides first.
CREATE OR REPLACE FUNCTION corridor_outbox_run_assignment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL) THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('transport_request', NEW.request_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transport_run_assignments_message_outbox AFTER INSERT OR UPDATE ON transport_run_assignments FOR EACH ROW EXECUTE FUNCTION corridor_outbox_run_assignment();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION corridor_outbox_transport_run() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.status = 'boarding' AND OLD.status <> 'boarding')
     OR NEW.departs_from <> OLD.departs_from OR NEW.departs_until <> OLD.departs_until
     OR NEW.assembly_point <> OLD.assembly_point THEN
    INSERT INTO message_outbox (topic_kind, topic_id)
      SELECT 'transport_request', a.request_id FROM transport_run_assignments a WHERE a.run_id = NEW.id AND a.ended_at IS NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transport_runs_message_outbox AFTER UPDATE ON transport_runs FOR EACH ROW EXECUTE FUNCTION corridor_outbox_transport_run();
--> statement-breakpoint
-- A town page counts its runs: a run planned, moved or cancelled moves the public version.
CREATE TRIGGER transport_runs_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transport_runs FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
