CREATE INDEX "towns_slug_bytes_idx" ON "towns" USING btree ("slug" collate "C");--> statement-breakpoint
CREATE INDEX "routes_slug_bytes_idx" ON "routes" USING btree ("slug" collate "C");