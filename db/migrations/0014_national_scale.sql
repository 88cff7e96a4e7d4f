CREATE TABLE "hromadas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"oblast_id" uuid NOT NULL,
	"name_uk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"pcode" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "towns" ADD COLUMN "hromada_id" uuid;--> statement-breakpoint
ALTER TABLE "hromadas" ADD CONSTRAINT "hromadas_oblast_id_oblasts_id_fk" FOREIGN KEY ("oblast_id") REFERENCES "public"."oblasts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hromadas_pcode_unique" ON "hromadas" USING btree ("pcode");--> statement-breakpoint
CREATE INDEX "hromadas_oblast_idx" ON "hromadas" USING btree ("oblast_id");--> statement-breakpoint
ALTER TABLE "towns" ADD CONSTRAINT "towns_hromada_id_hromadas_id_fk" FOREIGN KEY ("hromada_id") REFERENCES "public"."hromadas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "towns_hromada_idx" ON "towns" USING btree ("hromada_id");--> statement-breakpoint
CREATE INDEX "towns_updated_idx" ON "towns" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "routes_updated_idx" ON "routes" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "incidents_updated_idx" ON "incidents" USING btree ("updated_at");--> statement-breakpoint
-- The public answers name a town's hromada (exports), so a change to one is a public change.
CREATE TRIGGER hromadas_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hromadas FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
