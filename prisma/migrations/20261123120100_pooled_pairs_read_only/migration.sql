-- The trigger functions that keep pooled_pairs, named for what they do (the
-- delete trigger on ratings ran pooled_pairs_after_insert()). Each refreshes
-- the answers whose physician ratings the statement touched, found in its
-- transition table `changed` (and, for an update, `before_change`). A rename
-- keeps the bodies and the triggers, which point at the functions themselves.
ALTER FUNCTION pooled_pairs_after_insert() RENAME TO pooled_pairs_refresh_inserted_or_deleted;
ALTER FUNCTION pooled_pairs_after_update() RENAME TO pooled_pairs_refresh_updated;

-- pooled_pairs is written by those triggers alone, so it cannot drift from
-- the ratings it summarises. Their writes (and the cascades from responses
-- and studies) run inside another trigger, where pg_trigger_depth() is above
-- 1 when this guard fires. A direct write from the application, a script or
-- psql fires it at depth 1 and is refused. TRUNCATE is left to the database's
-- owner. To rebuild the table by hand, disable this trigger first.
CREATE FUNCTION pooled_pairs_refuse_direct_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION 'pooled_pairs is kept by triggers on ratings: % on it directly is refused', TG_OP
      USING HINT = 'Write the ratings instead. pooled_pairs follows them.';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER pooled_pairs_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON pooled_pairs
  FOR EACH STATEMENT EXECUTE FUNCTION pooled_pairs_refuse_direct_write();
