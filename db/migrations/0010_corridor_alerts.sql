CREATE TABLE "corridor_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"msg_type" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	CONSTRAINT "corridor_alerts_msg_type" CHECK ("corridor_alerts"."msg_type" in ('Alert', 'Update', 'Cancel'))
);
--> statement-breakpoint
ALTER TABLE "corridor_alerts" ADD CONSTRAINT "corridor_alerts_agreement_id_corridor_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."corridor_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "corridor_alerts_agreement_version_unique" ON "corridor_alerts" USING btree ("agreement_id","version");--> statement-breakpoint
-- The CAP messages about corridor windows, written in the transaction that changes the agreement
-- (whatever writes it: a lifecycle action, an edit, the seed). Only what residents could see gets a
-- message: an agreed version (Alert the first time, or again after a Cancel; Update after that),
-- and the withdrawal of an agreed window (Cancel, carrying the window as it was public). A proposal
-- that is rejected, or edited while not agreed, was never public and gets nothing.
CREATE OR REPLACE FUNCTION corridor_alert_messages() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_type text;
BEGIN
  IF NEW.state = 'agreed' AND (TG_OP = 'INSERT' OR OLD.state <> 'agreed' OR OLD.version <> NEW.version) THEN
    SELECT msg_type INTO last_type FROM corridor_alerts WHERE agreement_id = NEW.id ORDER BY version DESC LIMIT 1;
    INSERT INTO corridor_alerts (agreement_id, version, msg_type, sent_at, window_start, window_end)
    VALUES (NEW.id, NEW.version, CASE WHEN last_type IS NULL OR last_type = 'Cancel' THEN 'Alert' ELSE 'Update' END, NEW.updated_at, NEW.window_start, NEW.window_end)
    ON CONFLICT (agreement_id, version) DO NOTHING;
  ELSIF TG_OP = 'UPDATE' AND OLD.state = 'agreed' AND NEW.state <> 'agreed' THEN
    INSERT INTO corridor_alerts (agreement_id, version, msg_type, sent_at, window_start, window_end)
    VALUES (NEW.id, NEW.version, 'Cancel', NEW.updated_at, OLD.window_start, OLD.window_end)
    ON CONFLICT (agreement_id, version) DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER corridor_agreements_alert_messages AFTER INSERT OR UPDATE ON corridor_agreements FOR EACH ROW EXECUTE FUNCTION corridor_alert_messages();
--> statement-breakpoint
CREATE TRIGGER corridor_alerts_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corridor_alerts FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
-- Backfill. An agreement agreed now was public at its current version: its alert (the one served
-- so far under corridor-window-<id>-v<version>) becomes the first Alert.
INSERT INTO corridor_alerts (agreement_id, version, msg_type, sent_at, window_start, window_end)
SELECT a.id, a.version, 'Alert', a.updated_at, a.window_start, a.window_end FROM corridor_agreements a WHERE a.state = 'agreed';
--> statement-breakpoint
-- A withdrawn agreement was public only if the audit log shows it agreed (agreements are created
-- proposed): its last agree made the Alert. The window is the stored one (an edit made while
-- suspended may have moved it; the log keeps no window times for lifecycle steps).
INSERT INTO corridor_alerts (agreement_id, version, msg_type, sent_at, window_start, window_end)
SELECT a.id, (agree.after ->> 'version')::int, 'Alert', agree.at, a.window_start, a.window_end
FROM corridor_agreements a
JOIN LATERAL (
  SELECT l.at, l.after FROM audit_log l
  WHERE l.entity_type = 'agreement' AND l.entity_id = a.id::text AND l.action = 'agreement.agree' AND (l.after ->> 'version') IS NOT NULL
  ORDER BY l.at DESC, l.id DESC LIMIT 1
) agree ON true
WHERE a.state IN ('suspended', 'violated', 'cancelled')
ON CONFLICT (agreement_id, version) DO NOTHING;
--> statement-breakpoint
-- ... and the step that took it out of "agreed" after that made the Cancel.
INSERT INTO corridor_alerts (agreement_id, version, msg_type, sent_at, window_start, window_end)
SELECT a.id, coalesce((w.after ->> 'version')::int, a.version), 'Cancel', coalesce(w.at, a.updated_at), a.window_start, a.window_end
FROM corridor_agreements a
JOIN corridor_alerts published ON published.agreement_id = a.id AND published.msg_type = 'Alert'
LEFT JOIN LATERAL (
  SELECT l.at, l.after FROM audit_log l
  WHERE l.entity_type = 'agreement' AND l.entity_id = a.id::text AND l.before ->> 'state' = 'agreed'
    AND l.action IN ('agreement.suspend', 'agreement.mark_violated', 'agreement.cancel') AND l.at >= published.sent_at
  ORDER BY l.at, l.id LIMIT 1
) w ON true
WHERE a.state IN ('suspended', 'violated', 'cancelled')
ON CONFLICT (agreement_id, version) DO NOTHING;
