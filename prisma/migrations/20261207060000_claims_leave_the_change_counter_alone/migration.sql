-- A claim changes nothing the Results figures show, and must cost the same
-- however large its queue is. Two triggers of the change counter broke that:

-- 1. A queue_raters row changes only in claim_cursor (where the rater's last
-- claim sits in their order), which no figure shows: every claim moved it,
-- and each move bumped the study's counter, so open Results pages recomputed
-- after every claim. Joining and leaving a pool (insert, delete) still bump it.
DROP TRIGGER study_changes_on_update ON queue_raters;

-- 2. The assignments trigger looked up the queue items of the submitted rows
-- with a join the planner could not size (a transition table), and chose a
-- sequential scan of queue_items on every claim, although a claim submits
-- nothing. Now it stops when no row is submitted, and looks up the few it has
-- by id.
CREATE OR REPLACE FUNCTION study_changes_by_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  items uuid[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    items := ARRAY(SELECT queue_item_id FROM changed WHERE status = 'submitted'
                   UNION SELECT queue_item_id FROM before_change WHERE status = 'submitted');
  ELSE
    items := ARRAY(SELECT DISTINCT queue_item_id FROM changed WHERE status = 'submitted');
  END IF;
  IF cardinality(items) > 0 THEN
    PERFORM study_changes_note(ARRAY(
      SELECT DISTINCT q.study_id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id WHERE qi.id = ANY(items)));
  END IF;
  RETURN NULL;
END
$$;
