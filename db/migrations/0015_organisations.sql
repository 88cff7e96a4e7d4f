CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"short_name" text NOT NULL,
	"name_uk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"public_contact" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_short_name_present" CHECK (btrim("organisations"."short_name") <> '')
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_short_name_unique" ON "organisations" USING btree ("short_name");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Every organisation written as free text on an account or a route becomes one row, spelled as it
-- was (trimmed) in every language and as its short name, so nothing is lost; admins refine the
-- names afterwards. Texts that differ only in spaces around them become one organisation.
INSERT INTO "organisations" ("short_name", "name_uk", "name_ru", "name_en")
SELECT DISTINCT btrim(o), btrim(o), btrim(o), btrim(o)
FROM (SELECT "organisation" AS o FROM "users" UNION SELECT "organisation" FROM "routes") AS texts
WHERE btrim(o) <> '';--> statement-breakpoint
UPDATE "users" SET "organisation_id" = o."id" FROM "organisations" o WHERE o."short_name" = btrim("users"."organisation");--> statement-breakpoint
UPDATE "routes" SET "organisation_id" = o."id" FROM "organisations" o WHERE o."short_name" = btrim("routes"."organisation");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "organisation";--> statement-breakpoint
ALTER TABLE "routes" DROP COLUMN "organisation";
