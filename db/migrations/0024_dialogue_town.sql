ALTER TABLE "request_dialogues" ADD COLUMN "town_id" uuid;--> statement-breakpoint
ALTER TABLE "request_dialogues" ADD CONSTRAINT "request_dialogues_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_dialogues_town_idx" ON "request_dialogues" USING btree ("town_id");