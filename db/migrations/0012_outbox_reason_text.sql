-- A new reason is news even when the status stays: "Buses stopped: the depot was hit" must reach
-- subscribers like a change of status does. The coordinator's text counts as well as the codes.
CREATE OR REPLACE FUNCTION corridor_outbox_route() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status
     OR NEW.status_reason_codes IS DISTINCT FROM OLD.status_reason_codes
     OR NEW.status_reason IS DISTINCT FROM OLD.status_reason
     -- an incident flag newly set
     OR (NEW.review_flagged_at IS NOT NULL AND NEW.review_flagged_at IS DISTINCT FROM OLD.review_flagged_at)
     -- confirmed for the first time, or again after the last confirmation had lapsed (residents were told "unconfirmed")
     OR (NEW.status_confirmed_at IS NOT NULL AND OLD.status_confirmed_at IS NULL)
     OR (NEW.status_confirmed_at > OLD.status_confirmed_at + make_interval(hours => OLD.freshness_window_hours))
  THEN
    INSERT INTO message_outbox (topic_kind, topic_id) VALUES ('route', NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
