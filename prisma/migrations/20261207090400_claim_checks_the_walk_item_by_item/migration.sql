-- The first item of the walk that p_user may claim, leaving out p_passed,
-- locked FOR UPDATE SKIP LOCKED: the walk's items are looked at one by one, in
-- the walk's order, each by its id, and the first one that is claimable and
-- not locked by another transaction is locked and returned. The claimable rule
-- (tandem_claimable_item) is a function the planner cannot inline; as one
-- query joining the walk to queue_items, the plan could evaluate it on every
-- item of the queue before the join (hundreds of calls per claim) rather than
-- on the few walked ones. Same answer as before: the first of the walk's items,
-- in order, that is claimable and not locked; the rule is re-checked on the
-- row's latest version once it is locked.
CREATE OR REPLACE FUNCTION tandem_claim_lock_first(p_queue uuid, p_user uuid, p_k int, p_ids uuid[], p_positions bigint[], p_passed uuid[],
                                                   OUT item_id uuid, OUT item_position bigint) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  FOR i IN 1..coalesce(cardinality(p_ids), 0) LOOP
    CONTINUE WHEN p_ids[i] = ANY(p_passed);
    SELECT qi.id INTO item_id
      FROM queue_items qi
     WHERE qi.id = p_ids[i] AND qi.queue_id = p_queue AND tandem_claimable_item(qi, p_user, p_k)
       FOR UPDATE OF qi SKIP LOCKED;
    IF item_id IS NOT NULL THEN
      item_position := p_positions[i];
      RETURN;
    END IF;
  END LOOP;
END
$$;
