ALTER TABLE "area_notices" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "towns" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "area_notices" ADD CONSTRAINT "area_notices_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "towns" ADD CONSTRAINT "towns_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;