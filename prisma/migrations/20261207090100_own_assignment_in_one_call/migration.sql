-- The rater's own assignment, locked, in one call: what a submission, a skip,
-- a cannot-assess and the undo of a skip do first (features/rating/submit.ts,
-- lockOwnAssignment), as one statement rather than five round trips while the
-- rater's lock is held. The steps and the lock order are those of before: the
-- rater's advisory lock on the study, the pool (or, for an adjudication, the
-- named adjudicators), the study row FOR KEY SHARE, then the item and the
-- assignment rows FOR UPDATE. Returns {"outcome": ...}:
--   'held' with "held" (the assignment, its item, queue and answer as the
--     submission needs them);
--   'gone': no such assignment of this user;
--   'not_found': the user is no longer in the queue's pool (or its adjudicators);
--   'locked' with the study lock's locked_at and locked_by; 'study_not_found'.
CREATE FUNCTION tandem_lock_own_assignment(p_assignment uuid, p_user uuid) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  owned record;
  study record;
  held jsonb;
BEGIN
  SELECT q.study_id, q.id AS queue_id, a.purpose INTO owned
    FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id JOIN queues q ON q.id = qi.queue_id
   WHERE a.id = p_assignment AND a.user_id = p_user;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'gone');
  END IF;
  PERFORM tandem_lock_rater_in_study(owned.study_id, p_user);
  -- A rater removed from the queue's pool gives, changes and skips nothing more in it;
  -- a named adjudicator outside the pool gives and skips adjudications only.
  IF NOT (EXISTS (SELECT 1 FROM queue_raters WHERE queue_id = owned.queue_id AND user_id = p_user)
          OR (owned.purpose = 'adjudication'
              AND EXISTS (SELECT 1 FROM queue_adjudicators WHERE queue_id = owned.queue_id AND user_id = p_user))) THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  SELECT s.locked_at, u.name AS locked_by INTO study
    FROM studies s LEFT JOIN users u ON u.id = s.locked_by_id WHERE s.id = owned.study_id FOR KEY SHARE OF s;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'study_not_found');
  END IF;
  IF study.locked_at IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', 'locked', 'locked_at', study.locked_at, 'locked_by', study.locked_by);
  END IF;
  SELECT to_jsonb(h) INTO held FROM (
    SELECT a.id, a.purpose, a.status, a.lease_expires_at > now() AS lease_live, qi.id AS queue_item_id, qi.response_id,
           q.ratings_per_item, q.study_id, q.id AS queue_id, a.skipped_at, a.skip_reason,
           (SELECT count(*)::int FROM critical_actions ca JOIN responses r ON r.scenario_id = ca.scenario_id
             WHERE r.id = qi.response_id) AS actions,
           EXISTS (SELECT 1 FROM ratings g JOIN raters rt ON rt.id = g.rater_id
                   WHERE g.response_id = qi.response_id AND rt.user_id = p_user) AS answer_rated
      FROM assignments a
      JOIN queue_items qi ON qi.id = a.queue_item_id
      JOIN queues q ON q.id = qi.queue_id
     WHERE a.id = p_assignment AND a.user_id = p_user
       FOR UPDATE OF qi, a) h;
  IF held IS NULL THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  RETURN jsonb_build_object('outcome', 'held', 'held', held);
END
$$;
