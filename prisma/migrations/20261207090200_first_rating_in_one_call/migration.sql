-- A physician's first rating on a live hold, in one call and its own
-- transaction. Inserting a rating updates the study's aggregate rows
-- (triggers), which every submission of the study updates too: written in
-- one statement that commits at once, they are held for no round trip to the
-- client. The steps are those of features/rating/submit.ts (submitRating),
-- in its lock order: the rater's own assignment locked
-- (tandem_lock_own_assignment), the rater row, the answer FOR SHARE, the
-- assignment marked submitted on the database's clock, its active time, then
-- the rating and its audit row. Anything else (an edit, a quality item, a
-- lapsed or skipped hold, an answer rated elsewhere, a count of critical
-- action results that does not fit, a refusal of the lock itself) answers
-- {"outcome": "general"} having written nothing, and submit.ts runs its
-- transaction, which refuses or handles it. A first rating answers
-- {"outcome": "created", "ratingId", "version"}.
CREATE FUNCTION tandem_submit_first_rating(p_assignment uuid, p_user uuid, p_omission_harm int, p_commission_harm int,
                                           p_results text[], p_response_class text, p_omission_mechanism text, p_reasoning text,
                                           p_hidden_seconds float8) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  own jsonb := tandem_lock_own_assignment(p_assignment, p_user);
  held jsonb := own->'held';
  rater uuid;
  answer_version int;
  elapsed float8;
  hidden float8;
  created record;
BEGIN
  IF own->>'outcome' <> 'held' OR held->>'purpose' <> 'rating' OR held->>'status' <> 'active'
     OR NOT (held->>'lease_live')::boolean OR (held->>'answer_rated')::boolean
     OR coalesce(cardinality(p_results), 0) <> (held->>'actions')::int THEN
    RETURN jsonb_build_object('outcome', 'general');
  END IF;

  SELECT id INTO rater FROM raters WHERE user_id = p_user;
  IF rater IS NULL THEN
    INSERT INTO raters (id, kind, user_id, name)
    SELECT tandem_uuid_v7(), 'physician', u.id, u.name FROM users u WHERE u.id = p_user
    ON CONFLICT (user_id) DO NOTHING
    RETURNING id INTO rater;
    IF rater IS NULL THEN
      SELECT id INTO rater FROM raters WHERE user_id = p_user;
    END IF;
  END IF;
  -- The text in place when the rating lands: an import replacing it waits for this commit.
  SELECT version INTO answer_version FROM responses WHERE id = (held->>'response_id')::uuid FOR SHARE;

  -- Stamped with the database's clock under the rater's lock (see markDone).
  UPDATE assignments SET status = 'submitted', submitted_at = clock_timestamp() WHERE id = p_assignment
  RETURNING date_part('epoch', submitted_at - claimed_at)::float8 INTO elapsed;
  -- Active time: the rule of features/rating/active-time.ts (elapsed less the hidden time clamped to
  -- [0, elapsed], rounded half up, never below 0).
  elapsed := greatest(coalesce(elapsed, 0), 0);
  hidden := least(greatest(coalesce(p_hidden_seconds, 0), 0), elapsed);
  UPDATE assignments SET active_seconds = greatest(0, floor(elapsed - hidden + 0.5))::int WHERE id = p_assignment;

  INSERT INTO ratings (id, response_id, rater_id, rater_kind, assignment_id, answer_version, omission_harm, commission_harm,
                       critical_action_results, response_class, omission_mechanism, reasoning)
  VALUES (tandem_uuid_v7(), (held->>'response_id')::uuid, rater, 'physician', p_assignment, answer_version,
          p_omission_harm, p_commission_harm, p_results::"CriticalActionResult"[],
          p_response_class::"ResponseClass", p_omission_mechanism::"OmissionMechanism", p_reasoning)
  RETURNING id, version INTO created;
  INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
  VALUES (p_user, 'rating.submit', 'rating', created.id::text, (held->>'study_id')::uuid,
          jsonb_build_object('assignmentId', p_assignment::text, 'answerVersion', answer_version,
                             'omission_harm', p_omission_harm, 'commission_harm', p_commission_harm));
  RETURN jsonb_build_object('outcome', 'created', 'ratingId', created.id, 'version', created.version);
END
$$;
