-- A transaction that wrote to several studies bumped their counters at commit in
-- the order it had first touched them, so two such transactions committing at
-- once could lock two counter rows in opposite orders and deadlock. The first of
-- a transaction's deferred notes to fire now bumps all of the transaction's
-- studies, in study id order, and removes their notes; the notes that fire after
-- it find nothing left to do.
CREATE OR REPLACE FUNCTION study_changes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH noted AS (
    DELETE FROM study_change_pending WHERE txid = NEW.txid RETURNING study_id
  )
  INSERT INTO study_changes (study_id, version)
  SELECT s.id, 1 FROM studies s WHERE s.id IN (SELECT study_id FROM noted) ORDER BY s.id
  ON CONFLICT (study_id) DO UPDATE SET version = study_changes.version + 1, changed_at = clock_timestamp();
  RETURN NULL;
END
$$;
