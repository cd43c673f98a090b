-- The per-study aggregates' statement triggers return at once when the statement
-- wrote nothing they count. Each builds its statement with EXECUTE (planned on
-- every call), and the refresh behind a rating runs an INSERT … ON CONFLICT DO
-- NOTHING, an UPDATE and a DELETE on pooled_pairs and an INSERT and a DELETE on
-- machine_pairs: most of those write no counted row, yet each built and planned
-- the whole statement, inside the submission, while the study's totals row was
-- locked. What they add is unchanged: a statement with no counted row added
-- nothing before either.
CREATE OR REPLACE FUNCTION study_aggregates_from_pooled_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT c.*, 1 AS sign FROM changed c'
    WHEN 'DELETE' THEN 'SELECT c.*, -1 AS sign FROM before_change c'
    ELSE 'SELECT c.*, 1 AS sign FROM changed c UNION ALL SELECT c.*, -1 AS sign FROM before_change c' END;
BEGIN
  -- A statement that wrote no counted row (a pair still without ratings, a refresh's empty DELETE) adds
  -- nothing: return before building the statement below, which is planned afresh on every call.
  -- (A trigger sees only its own transition tables: each query names one, in the branch of its operation.)
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM changed c WHERE c.current AND c.ratings >= 1) THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM before_change c WHERE c.current AND c.ratings >= 1) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM changed c WHERE c.current AND c.ratings >= 1)
        AND NOT EXISTS (SELECT 1 FROM before_change c WHERE c.current AND c.ratings >= 1) THEN
    RETURN NULL;
  END IF;
  EXECUTE format($sql$
    WITH d AS MATERIALIZED (
      SELECT * FROM (%s) c WHERE c.current AND c.ratings >= 1 AND c.study_id IN (SELECT id FROM studies)
    ), tallies AS (
      INSERT INTO study_tallies AS t (study_id, one_rating, two_or_more)
      SELECT study_id, coalesce(sum(sign) FILTER (WHERE ratings = 1), 0), coalesce(sum(sign) FILTER (WHERE ratings >= 2), 0)
      FROM d GROUP BY 1 ORDER BY 1
      ON CONFLICT (study_id) DO UPDATE SET one_rating = t.one_rating + EXCLUDED.one_rating, two_or_more = t.two_or_more + EXCLUDED.two_or_more
    ), physicians AS (
      INSERT INTO study_physician_tallies AS t (study_id, rater_id, ratings)
      SELECT d.study_id, u.rater, sum(d.sign) FROM d CROSS JOIN LATERAL unnest(ARRAY[d.rater_a, d.rater_b] || coalesce(d.others, '{}')) AS u(rater)
      WHERE u.rater IS NOT NULL GROUP BY 1, 2 HAVING sum(d.sign) <> 0 ORDER BY 1, 2
      ON CONFLICT (study_id, rater_id) DO UPDATE SET ratings = t.ratings + EXCLUDED.ratings
    ), pairs AS (
      INSERT INTO study_pair_cells AS t (study_id, rater_x, rater_y, oh_a, oh_b, ch_a, ch_b, count)
      SELECT study_id, LEAST(rater_a, rater_b), GREATEST(rater_a, rater_b),
             CASE WHEN rater_a < rater_b THEN oh_a ELSE oh_b END, CASE WHEN rater_a < rater_b THEN oh_b ELSE oh_a END,
             CASE WHEN rater_a < rater_b THEN ch_a ELSE ch_b END, CASE WHEN rater_a < rater_b THEN ch_b ELSE ch_a END,
             sum(sign)
      FROM d WHERE ratings >= 2 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (study_id, rater_x, rater_y, oh_a, oh_b, ch_a, ch_b) DO UPDATE SET count = t.count + EXCLUDED.count
    ), actions AS (
      INSERT INTO study_action_cells AS t (study_id, a, b, count)
      SELECT d.study_id, u.a, u.b, sum(d.sign) FROM d CROSS JOIN LATERAL unnest(d.actions_a, d.actions_b) AS u(a, b)
      WHERE d.ratings >= 2 AND u.a IS NOT NULL AND u.b IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (study_id, a, b) DO UPDATE SET count = t.count + EXCLUDED.count
    ), times AS (
      INSERT INTO study_time_cells AS t (study_id, minutes, bucket, scale, a, b, count)
      SELECT d.study_id, w.minutes, floor(date_part('epoch', d.completed_at) / (w.minutes * 60))::int, s.scale, s.a, s.b, sum(d.sign)
      FROM d CROSS JOIN (VALUES (10), (60), (1440)) AS w(minutes)
      CROSS JOIN LATERAL (VALUES ('omission_harm', d.oh_a, d.oh_b), ('commission_harm', d.ch_a, d.ch_b)) AS s(scale, a, b)
      WHERE d.ratings >= 2 GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (study_id, minutes, bucket, scale, a, b) DO UPDATE SET count = t.count + EXCLUDED.count
    )
    SELECT 1$sql$, source);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION study_aggregates_from_machine_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT c.*, 1 AS sign FROM changed c'
    WHEN 'DELETE' THEN 'SELECT c.*, -1 AS sign FROM before_change c'
    ELSE 'SELECT c.*, 1 AS sign FROM changed c UNION ALL SELECT c.*, -1 AS sign FROM before_change c' END;
BEGIN
  -- A statement that wrote no row adds nothing: return before building the statement below.
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM changed) THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM before_change) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM changed) AND NOT EXISTS (SELECT 1 FROM before_change) THEN
    RETURN NULL;
  END IF;
  EXECUTE format($sql$
    INSERT INTO study_machine_cells AS t (study_id, rater_id, oh_a, oh_b, ch_a, ch_b, count)
    SELECT m.study_id, m.rater_id, side.oh, m.oh_m, side.ch, m.ch_m, sum(m.sign)
    FROM (%s) m CROSS JOIN LATERAL (VALUES (m.oh_a, m.ch_a), (m.oh_b, m.ch_b)) AS side(oh, ch)
    WHERE side.oh IS NOT NULL AND m.study_id IN (SELECT id FROM studies)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(m.sign) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (study_id, rater_id, oh_a, oh_b, ch_a, ch_b) DO UPDATE SET count = t.count + EXCLUDED.count$sql$, source);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION study_tallies_count_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT study_id, 1 AS sign FROM changed' ELSE 'SELECT study_id, -1 AS sign FROM before_change' END;
BEGIN
  -- A statement that wrote no row adds nothing: return before building the statement below.
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM changed) THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM before_change) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM changed) AND NOT EXISTS (SELECT 1 FROM before_change) THEN
    RETURN NULL;
  END IF;
  EXECUTE format($sql$
    INSERT INTO study_tallies AS t (study_id, answers)
    SELECT study_id, sum(sign) FROM (%s) c WHERE study_id IN (SELECT id FROM studies) GROUP BY 1 ORDER BY 1
    ON CONFLICT (study_id) DO UPDATE SET answers = t.answers + EXCLUDED.answers$sql$, source);
  RETURN NULL;
END
$$;
