ALTER TABLE "routes" ADD COLUMN "assembly_point_lat" double precision;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "assembly_point_lon" double precision;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "assembly_point_opens" text;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "assembly_point_closes" text;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "assembly_point_call" text;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_assembly_point_position" CHECK (("routes"."assembly_point_lat" is null) = ("routes"."assembly_point_lon" is null) and ("routes"."assembly_point_lat" is null or ("routes"."assembly_point_lat" between -90 and 90 and "routes"."assembly_point_lon" between -180 and 180)));--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_assembly_point_hours" CHECK (("routes"."assembly_point_opens" is null) = ("routes"."assembly_point_closes" is null) and "routes"."assembly_point_opens" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "routes"."assembly_point_closes" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_assembly_point_call" CHECK ("routes"."assembly_point_call" ~ '^[+]?[0-9][0-9 ()-]{2,24}$');