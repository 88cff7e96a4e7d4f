-- Every change to what the public pages and API show moves this counter, so each app instance can
-- tell (one cheap read, at most once a second) that its cached public responses are out of date,
-- whichever instance made the change. A sequence, not a row: nextval never blocks another
-- transaction, so writers on different routes do not queue behind one counter (or deadlock on it).
-- Tables only staff read (users, audit_log, incident_revisions, sessions, sign-in counters) are left out.
CREATE SEQUENCE IF NOT EXISTS public_version;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_public_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('public_version');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_claims_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_claims FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER agreement_parties_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_parties FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER agreement_routes_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_routes FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER agreement_sources_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_sources FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER area_notices_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area_notices FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER corridor_agreements_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corridor_agreements FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER incident_agreements_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_agreements FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER incident_routes_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_routes FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER incident_sources_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_sources FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER incidents_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incidents FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER oblasts_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON oblasts FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER route_status_events_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON route_status_events FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER routes_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON routes FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER sources_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
--> statement-breakpoint
CREATE TRIGGER towns_public_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON towns FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version();
