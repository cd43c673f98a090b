-- A claim in one call. The claim of an item of a queue that mixes in no
-- rater-quality items (no gold rate, retest share or adjudication threshold),
-- by a member of its pool, runs here as one statement: the same steps, locks
-- and lock order as the claim transaction in features/rating/claim.ts, without
-- a round trip per step while the locks are held. Anything else (a queue with
-- quality items, a user outside the pool) is answered 'general' before any
-- lock is taken, and claim.ts runs its transaction.

-- One rater's claims and submissions within one study run one at a time: a
-- transaction-scoped advisory lock on (study, rater). Claims, submissions and
-- pool changes all take it through this function, so they agree on its key.
CREATE FUNCTION tandem_lock_rater_in_study(p_study uuid, p_user uuid) RETURNS void LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('tandem.rater-in-study:' || p_study::text || ':' || p_user::text, 0))
$$;

-- Whether item qi may be claimed by p_user now, in a queue of k ratings per
-- item: the rule of features/rating/claimable.ts (`claimable`), for one row.
-- The two must say the same; claim-order.integration.test.ts checks them
-- against each other. The caller has checked pool membership.
CREATE FUNCTION tandem_claimable_item(qi queue_items, p_user uuid, p_k int) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT qi.gold AND qi.ratings_missing > 0
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine.queue_item_id = qi.id AND mine.user_id = p_user
                      AND mine.purpose = 'rating' AND mine.status IN ('submitted', 'skipped'))
    AND NOT EXISTS (SELECT 1 FROM assignments ca JOIN queue_items cq ON cq.id = ca.queue_item_id
                    WHERE cq.response_id = qi.response_id AND ca.user_id = p_user AND ca.status = 'cannot_assess')
    AND NOT EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = qi.response_id
                      AND g.rater_id = (SELECT id FROM raters WHERE user_id = p_user))
    AND NOT EXISTS (SELECT 1 FROM quality_ratings qq WHERE qq.response_id = qi.response_id AND qq.user_id = p_user)
    AND NOT EXISTS (SELECT 1 FROM assignments h JOIN queue_items e ON e.id = h.queue_item_id
                    WHERE h.user_id = p_user AND h.status = 'active' AND h.lease_expires_at > now()
                      AND e.response_id = qi.response_id)
    AND (SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating'
           AND (a.status = 'submitted' OR (a.status = 'active' AND a.lease_expires_at > now()))) < p_k
$$;

-- The first item of the walk (tandem_queue_walk rows, in order) that p_user
-- may claim, leaving out p_passed, locked FOR UPDATE SKIP LOCKED.
CREATE FUNCTION tandem_claim_lock_first(p_queue uuid, p_user uuid, p_k int, p_ids uuid[], p_positions bigint[], p_passed uuid[],
                                        OUT item_id uuid, OUT item_position bigint) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  SELECT qi.id, w.position INTO item_id, item_position
    FROM unnest(p_ids, p_positions) WITH ORDINALITY AS w(id, position, n)
    JOIN queue_items qi ON qi.id = w.id
   WHERE qi.queue_id = p_queue AND NOT (qi.id = ANY(p_passed)) AND tandem_claimable_item(qi, p_user, p_k)
   ORDER BY w.n
   LIMIT 1
   FOR UPDATE OF qi SKIP LOCKED;
END
$$;

-- The rater's next claimable item of the queue in their own order, locked,
-- with its position; NULLs when none is left to lock. The order is order_key
-- XOR the rater's mask, walked from the rater's cursor (their last claim) to
-- the end, then from the start up to the cursor, a few items at a time (8,
-- then 4× more, at most 512): the same walk as before this function, so
-- each rater's order is unchanged.
CREATE FUNCTION tandem_claim_next_in_order(p_queue uuid, p_user uuid, p_k int, p_mask bigint, p_cursor bigint, p_passed uuid[],
                                           OUT item_id uuid, OUT item_position bigint) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  pass int;
  after_pos bigint;
  through bigint;
  size int;
  walked_ids uuid[];
  walked_positions bigint[];
  walked int;
  batch_ids uuid[];
  batch_positions bigint[];
  batched int;
BEGIN
  -- Most claims find their item among the first few after the cursor.
  SELECT array_agg(w.item_id ORDER BY w.n), array_agg(w.item_position ORDER BY w.n) INTO walked_ids, walked_positions
    FROM tandem_queue_walk(p_queue, p_mask, p_cursor, 8) WITH ORDINALITY AS w(item_id, item_position, n);
  IF walked_ids IS NOT NULL THEN
    SELECT l.item_id, l.item_position INTO item_id, item_position
      FROM tandem_claim_lock_first(p_queue, p_user, p_k, walked_ids, walked_positions, p_passed) l;
    IF item_id IS NOT NULL THEN
      RETURN;
    END IF;
  END IF;
  FOR pass IN 1..2 LOOP
    IF pass = 1 THEN
      after_pos := p_cursor;
      through := NULL;
    ELSIF p_cursor >= 0 THEN
      after_pos := -1;
      through := p_cursor;
    ELSE
      EXIT;
    END IF;
    size := 8;
    -- Ends: each turn moves after_pos forward, or stops at the end of the order or of the pass.
    LOOP
      SELECT array_agg(w.item_id ORDER BY w.n), array_agg(w.item_position ORDER BY w.n), count(*)
        INTO walked_ids, walked_positions, walked
        FROM tandem_queue_walk(p_queue, p_mask, after_pos, size) WITH ORDINALITY AS w(item_id, item_position, n);
      SELECT array_agg(b.id ORDER BY b.n), array_agg(b.position ORDER BY b.n), count(*)
        INTO batch_ids, batch_positions, batched
        FROM unnest(walked_ids, walked_positions) WITH ORDINALITY AS b(id, position, n)
       WHERE through IS NULL OR b.position <= through;
      IF batched > 0 THEN
        SELECT l.item_id, l.item_position INTO item_id, item_position
          FROM tandem_claim_lock_first(p_queue, p_user, p_k, batch_ids, batch_positions, p_passed) l;
        IF item_id IS NOT NULL THEN
          RETURN;
        END IF;
      END IF;
      EXIT WHEN walked = 0 OR walked < size OR batched < walked;
      after_pos := walked_positions[walked];
      size := least(size * 4, 512);
    END LOOP;
  END LOOP;
END
$$;

-- What a rater receives for an assignment: its blind code (a retest's own, else
-- the answer's), the scenario's texts and critical actions, the answer's text
-- and the lease's end. Nothing that identifies the answer.
CREATE FUNCTION tandem_blinded_item(p_assignment uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'assignmentId', a.id,
    'blindCode', coalesce(a.blind_code, r.blind_code),
    'scenario', jsonb_build_object(
      'prompt', s.prompt,
      'system_prompt', s.system_prompt,
      'gold_standard_response', s.gold_standard,
      'critical_actions', coalesce((SELECT jsonb_agg(ca.text ORDER BY ca.position) FROM critical_actions ca WHERE ca.scenario_id = s.id), '[]'::jsonb)),
    'response', jsonb_build_object('text', r.text),
    'leaseExpiresAt', to_char(a.lease_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
  JOIN responses r ON r.id = qi.response_id JOIN scenarios s ON s.id = r.scenario_id
  WHERE a.id = p_assignment
$$;

-- The claim (or resume) of the rater's next item of a queue, one transaction.
-- Returns {"outcome": ...}:
--   'claimed' with "item" (the blinded item), or with "assignmentId" alone for
--     a resumed adjudication (its reconcile panel is read by the caller);
--   'none': nothing is left for this rater;
--   'wait' with "itemId": the only items left for the rater are held by other
--     transactions; the caller waits for that one, holding nothing, and calls again;
--   'locked' with the study lock's locked_at and locked_by;
--   'not_found' (no such queue), 'study_not_found';
--   'general': a queue with quality items or a user outside its pool, left to
--     the caller's own transaction (nothing was locked or written).
-- Lock order, as in the claim transaction: the rater's advisory lock, the study
-- row FOR KEY SHARE, the rater's own assignments, the candidate item row (FOR
-- UPDATE SKIP LOCKED), then the assignment and the rater's queue_raters row.
CREATE FUNCTION tandem_claim(p_queue uuid, p_user uuid) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  q record;
  member_cursor bigint;
  is_member boolean;
  study record;
  held record;
  resumed uuid;
  resumed_purpose text;
  stale uuid[] := ARRAY[]::uuid[];
  passed uuid[] := ARRAY[]::uuid[];
  candidate uuid;
  candidate_position bigint;
  claimed uuid;
  waiting uuid;
BEGIN
  SELECT qq.id, qq.study_id, qq.ratings_per_item, qq.lease_seconds, tandem_order_key(qq.seed, p_user::text) AS mask,
         (qq.gold_rate IS NOT NULL OR qq.retest_share IS NOT NULL OR qq.adjudication_threshold IS NOT NULL) AS mixes_quality
    INTO q FROM queues qq WHERE qq.id = p_queue;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  IF q.mixes_quality THEN
    RETURN jsonb_build_object('outcome', 'general');
  END IF;

  PERFORM tandem_lock_rater_in_study(q.study_id, p_user);
  -- Pool membership is read under the rater's lock, which removing them from the pool takes too.
  SELECT true, qr.claim_cursor INTO is_member, member_cursor FROM queue_raters qr WHERE qr.queue_id = p_queue AND qr.user_id = p_user;
  IF NOT coalesce(is_member, false) THEN
    -- A named adjudicator, or a user who is not to know the queue: the caller's transaction says which.
    RETURN jsonb_build_object('outcome', 'general');
  END IF;
  SELECT s.locked_at, u.name AS locked_by INTO study
    FROM studies s LEFT JOIN users u ON u.id = s.locked_by_id WHERE s.id = q.study_id FOR KEY SHARE OF s;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'study_not_found');
  END IF;
  IF study.locked_at IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', 'locked', 'locked_at', study.locked_at, 'locked_by', study.locked_by);
  END IF;

  -- The rater's live hold in the queue, to resume; a hold of an answer they have
  -- meanwhile rated in another queue of the study is given back instead.
  FOR held IN
    SELECT a.id, a.purpose,
           a.purpose = 'rating' AND EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = qi.response_id
                                              AND g.rater_id = (SELECT id FROM raters WHERE user_id = p_user)) AS rated
      FROM assignments a JOIN queue_items qi ON qi.id = a.queue_item_id
     WHERE qi.queue_id = p_queue AND a.user_id = p_user AND a.status = 'active' AND a.lease_expires_at > now()
     ORDER BY a.claimed_at
  LOOP
    IF held.rated THEN
      stale := stale || held.id;
    ELSIF resumed IS NULL THEN
      resumed := held.id;
      resumed_purpose := held.purpose::text;
    END IF;
  END LOOP;
  IF cardinality(stale) > 0 THEN
    UPDATE assignments SET status = 'expired' WHERE id = ANY(stale);
  END IF;
  IF resumed IS NOT NULL THEN
    IF resumed_purpose = 'adjudication' THEN
      RETURN jsonb_build_object('outcome', 'claimed', 'assignmentId', resumed);
    END IF;
    RETURN jsonb_build_object('outcome', 'claimed', 'item', tandem_blinded_item(resumed));
  END IF;

  -- Ends: each turn returns or passes over one more item of the queue.
  LOOP
    SELECT n.item_id, n.item_position INTO candidate, candidate_position
      FROM tandem_claim_next_in_order(p_queue, p_user, q.ratings_per_item, q.mask, coalesce(member_cursor, -1), passed) n;
    IF candidate IS NULL THEN
      -- SKIP LOCKED passed by the items other transactions hold: if one of them is open to this rater, wait for it.
      SELECT qi.id INTO waiting FROM queue_items qi
       WHERE qi.queue_id = p_queue AND NOT qi.gold AND qi.ratings_missing > 0 AND tandem_claimable_item(qi, p_user, q.ratings_per_item)
       LIMIT 1;
      IF waiting IS NOT NULL THEN
        RETURN jsonb_build_object('outcome', 'wait', 'itemId', waiting);
      END IF;
      RETURN jsonb_build_object('outcome', 'none');
    END IF;
    -- The row is ours now; this statement sees every claim committed before we got it.
    IF (SELECT count(*) FROM assignments a WHERE a.queue_item_id = candidate AND a.purpose = 'rating'
          AND (a.status = 'submitted' OR (a.status = 'active' AND a.lease_expires_at > now()))) >= q.ratings_per_item THEN
      passed := passed || candidate;
      CONTINUE;
    END IF;
    -- The rater's own expired hold on this item, if any, is renewed rather than duplicated.
    INSERT INTO assignments (id, queue_item_id, user_id, status, claimed_at, lease_expires_at)
    VALUES (tandem_uuid_v7(), candidate, p_user, 'active', now(), now() + make_interval(secs => q.lease_seconds))
    ON CONFLICT (queue_item_id, user_id, purpose) DO UPDATE
      SET status = 'active', claimed_at = now(), lease_expires_at = EXCLUDED.lease_expires_at
      WHERE assignments.status IN ('active', 'expired')
    RETURNING id INTO claimed;
    IF claimed IS NULL THEN
      passed := passed || candidate;
      CONTINUE;
    END IF;
    -- A claim moves the rater's cursor to the item's position in their order.
    UPDATE queue_raters SET claim_cursor = candidate_position WHERE queue_id = p_queue AND user_id = p_user;
    INSERT INTO audit_log (actor_id, action, entity_type, entity_id, study_id, data)
    VALUES (p_user, 'assignment.claim', 'assignment', claimed::text, q.study_id, jsonb_build_object('queueId', p_queue));
    RETURN jsonb_build_object('outcome', 'claimed', 'item', tandem_blinded_item(claimed));
  END LOOP;
END
$$;
