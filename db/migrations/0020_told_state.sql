-- A route's outbox row carries the state before the change (its old values), so the worker can
-- tell a change that was reversed before the message went out from one that still stands: a
-- status closed and reopened within seconds, measured against what the subscriber knew, is no
-- news and sends nothing (lib/messaging/told-state.ts is the rule).
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
    INSERT INTO message_outbox (topic_kind, topic_id, payload)
    VALUES ('route', NEW.id, jsonb_build_object('before', jsonb_build_object(
      'status', OLD.status,
      'statusConfirmedAt', OLD.status_confirmed_at,
      'freshnessWindowHours', OLD.freshness_window_hours,
      'reasonCodes', to_jsonb(OLD.status_reason_codes),
      'reason', OLD.status_reason,
      'flagged', OLD.review_flagged_at IS NOT NULL
    )));
  END IF;
  RETURN NULL;
END;
$$;
