CREATE TABLE "login_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE INDEX "login_limits_expire_idx" ON "login_limits" USING btree ("expire");