-- The instructions are part of what residents are told ("do not set out", "go to the assembly
-- point at 09:00"): a change of instructions alone, the status and reason unchanged, is news, and
-- the state recorded before a change carries them, so one set and unset before the message went
-- out is no news (lib/messaging/told-state.ts keys on them too).
CREATE OR REPLACE FUNCTION corridor_outbox_route() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status
     OR NEW.status_reason_codes IS DISTINCT FROM OLD.status_reason_codes
     OR NEW.status_reason IS DISTINCT FROM OLD.status_reason
     OR NEW.status_instructions IS DISTINCT FROM OLD.status_instructions
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
      'instructions', OLD.status_instructions,
      'flagged', OLD.review_flagged_at IS NOT NULL
    )));
  END IF;
  RETURN NULL;
END;
$$;
