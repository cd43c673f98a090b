-- AlterTable
ALTER TABLE "pooled_pairs" ADD COLUMN     "others" UUID[];

-- CreateTable
CREATE TABLE "machine_pairs" (
    "response_id" UUID NOT NULL,
    "rater_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "answer_version" INTEGER NOT NULL,
    "oh_m" SMALLINT NOT NULL,
    "ch_m" SMALLINT NOT NULL,
    "oh_a" SMALLINT NOT NULL,
    "ch_a" SMALLINT NOT NULL,
    "oh_b" SMALLINT,
    "ch_b" SMALLINT,

    CONSTRAINT "machine_pairs_pkey" PRIMARY KEY ("response_id","rater_id")
);

-- CreateTable
CREATE TABLE "study_tallies" (
    "study_id" UUID NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,
    "one_rating" INTEGER NOT NULL DEFAULT 0,
    "two_or_more" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "study_tallies_pkey" PRIMARY KEY ("study_id")
);

-- CreateTable
CREATE TABLE "study_physician_tallies" (
    "study_id" UUID NOT NULL,
    "rater_id" UUID NOT NULL,
    "ratings" INTEGER NOT NULL,

    CONSTRAINT "study_physician_tallies_pkey" PRIMARY KEY ("study_id","rater_id")
);

-- CreateTable
CREATE TABLE "study_pair_cells" (
    "study_id" UUID NOT NULL,
    "rater_x" UUID NOT NULL,
    "rater_y" UUID NOT NULL,
    "oh_a" SMALLINT NOT NULL,
    "oh_b" SMALLINT NOT NULL,
    "ch_a" SMALLINT NOT NULL,
    "ch_b" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "study_pair_cells_pkey" PRIMARY KEY ("study_id","rater_x","rater_y","oh_a","oh_b","ch_a","ch_b")
);

-- CreateTable
CREATE TABLE "study_machine_cells" (
    "study_id" UUID NOT NULL,
    "rater_id" UUID NOT NULL,
    "oh_a" SMALLINT NOT NULL,
    "oh_b" SMALLINT NOT NULL,
    "ch_a" SMALLINT NOT NULL,
    "ch_b" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "study_machine_cells_pkey" PRIMARY KEY ("study_id","rater_id","oh_a","oh_b","ch_a","ch_b")
);

-- CreateTable
CREATE TABLE "study_action_cells" (
    "study_id" UUID NOT NULL,
    "a" "CriticalActionResult" NOT NULL,
    "b" "CriticalActionResult" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "study_action_cells_pkey" PRIMARY KEY ("study_id","a","b")
);

-- AddForeignKey
ALTER TABLE "machine_pairs" ADD CONSTRAINT "machine_pairs_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_tallies" ADD CONSTRAINT "study_tallies_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_physician_tallies" ADD CONSTRAINT "study_physician_tallies_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_pair_cells" ADD CONSTRAINT "study_pair_cells_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_machine_cells" ADD CONSTRAINT "study_machine_cells_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_action_cells" ADD CONSTRAINT "study_action_cells_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The per-study aggregates of the unfiltered results, kept by triggers.
--
-- Every figure is a sum, over the rows of pooled_pairs and machine_pairs,
-- of what one row contributes, and a row contributes only when it is the
-- current text's (`current`) and has a physician rating. Those two tables are
-- recounted per answer by refresh_pooled_pairs() under a lock on the answer's
-- rows, so each statement on them is exact; a statement-level trigger on
-- each then adds what its new rows contribute and takes away what its old
-- rows did (the transition tables), as upserts `n = n + EXCLUDED.n`. Two
-- transactions adding to the same aggregate row wait for each other on that
-- row and neither addition is lost. Upserts go in key order, so two
-- transactions take aggregate rows in the same order. A study being deleted
-- (its row already gone) is left alone: its aggregates go with it.

-- refresh_pooled_pairs now also records the third and later physicians
-- (`others`), skips rows that did not change (so an unchanged answer costs
-- the aggregates nothing), and recounts machine_pairs: each machine score of
-- the current text beside that text's first two physician ratings. It is
-- called for every rater kind, as a machine score now counts.
CREATE OR REPLACE FUNCTION refresh_pooled_pairs(answers uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pooled_pairs (response_id, answer_version, current, study_id, ratings)
    SELECT DISTINCT v.id, v.answer_version, false, v.study_id, 0 FROM (
      SELECT r.id, r.version AS answer_version, r.study_id FROM responses r JOIN unnest(answers) AS x(id) ON x.id = r.id
      UNION
      SELECT r.id, g.answer_version, r.study_id FROM ratings g JOIN responses r ON r.id = g.response_id
      JOIN unnest(answers) AS x(id) ON x.id = g.response_id WHERE g.rater_kind = 'physician'
    ) v
    ORDER BY 1, 2
    ON CONFLICT (response_id, answer_version) DO NOTHING;
  PERFORM 1 FROM pooled_pairs p JOIN unnest(answers) AS x(id) ON x.id = p.response_id
    ORDER BY p.response_id, p.answer_version FOR UPDATE OF p;
  WITH ranked AS (
    SELECT g.response_id, g.answer_version, g.rater_id, g.omission_harm, g.commission_harm, g.critical_action_results, g.created_at,
           row_number() OVER (PARTITION BY g.response_id, g.answer_version ORDER BY g.created_at, g.id) AS nth,
           count(*) OVER (PARTITION BY g.response_id, g.answer_version) AS total
    FROM ratings g JOIN unnest(answers) AS x(id) ON x.id = g.response_id
    WHERE g.rater_kind = 'physician'
  ), later AS (
    SELECT response_id, answer_version, array_agg(rater_id ORDER BY nth) AS others FROM ranked WHERE nth > 2 GROUP BY 1, 2
  ), paired AS (
    SELECT p.response_id, p.answer_version, p.answer_version = r.version AS current, coalesce(a.total, 0)::int AS total,
           a.rater_id AS rater_a, a.omission_harm AS oh_a, a.commission_harm AS ch_a, a.critical_action_results AS actions_a,
           b.rater_id AS rater_b, b.omission_harm AS oh_b, b.commission_harm AS ch_b, b.critical_action_results AS actions_b, b.created_at AS completed_at,
           l.others
    FROM pooled_pairs p JOIN unnest(answers) AS x(id) ON x.id = p.response_id
    JOIN responses r ON r.id = p.response_id
    LEFT JOIN ranked a ON a.response_id = p.response_id AND a.answer_version = p.answer_version AND a.nth = 1
    LEFT JOIN ranked b ON b.response_id = p.response_id AND b.answer_version = p.answer_version AND b.nth = 2
    LEFT JOIN later l ON l.response_id = p.response_id AND l.answer_version = p.answer_version
  )
  UPDATE pooled_pairs p
     SET current = q.current, ratings = q.total, rater_a = q.rater_a, oh_a = q.oh_a, ch_a = q.ch_a, actions_a = q.actions_a,
         rater_b = q.rater_b, oh_b = q.oh_b, ch_b = q.ch_b, actions_b = q.actions_b, completed_at = q.completed_at, others = q.others
    FROM paired q WHERE p.response_id = q.response_id AND p.answer_version = q.answer_version
     AND (p.current, p.ratings, p.rater_a, p.oh_a, p.ch_a, p.actions_a, p.rater_b, p.oh_b, p.ch_b, p.actions_b, p.completed_at, p.others)
         IS DISTINCT FROM (q.current, q.total, q.rater_a, q.oh_a, q.ch_a, q.actions_a, q.rater_b, q.oh_b, q.ch_b, q.actions_b, q.completed_at, q.others);
  DELETE FROM pooled_pairs p USING unnest(answers) AS x(id) WHERE p.response_id = x.id AND p.ratings = 0;

  -- machine_pairs: one row per machine score of a current text that has a physician rating.
  INSERT INTO machine_pairs AS m (response_id, rater_id, study_id, answer_version, oh_m, ch_m, oh_a, ch_a, oh_b, ch_b)
    SELECT g.response_id, g.rater_id, p.study_id, p.answer_version, g.omission_harm, g.commission_harm, p.oh_a, p.ch_a, p.oh_b, p.ch_b
    FROM pooled_pairs p JOIN unnest(answers) AS x(id) ON x.id = p.response_id
    JOIN ratings g ON g.response_id = p.response_id AND g.answer_version = p.answer_version AND g.rater_kind = 'machine'
    WHERE p.current AND p.ratings >= 1
    ORDER BY 1, 2
    ON CONFLICT (response_id, rater_id) DO UPDATE
      SET study_id = EXCLUDED.study_id, answer_version = EXCLUDED.answer_version, oh_m = EXCLUDED.oh_m, ch_m = EXCLUDED.ch_m,
          oh_a = EXCLUDED.oh_a, ch_a = EXCLUDED.ch_a, oh_b = EXCLUDED.oh_b, ch_b = EXCLUDED.ch_b
      WHERE (m.study_id, m.answer_version, m.oh_m, m.ch_m, m.oh_a, m.ch_a, m.oh_b, m.ch_b)
            IS DISTINCT FROM (EXCLUDED.study_id, EXCLUDED.answer_version, EXCLUDED.oh_m, EXCLUDED.ch_m, EXCLUDED.oh_a, EXCLUDED.ch_a, EXCLUDED.oh_b, EXCLUDED.ch_b);
  DELETE FROM machine_pairs m USING unnest(answers) AS x(id)
   WHERE m.response_id = x.id
     AND NOT EXISTS (
       SELECT 1 FROM pooled_pairs p JOIN ratings g ON g.response_id = p.response_id AND g.answer_version = p.answer_version
       WHERE p.response_id = m.response_id AND p.current AND p.ratings >= 1 AND g.rater_id = m.rater_id AND g.rater_kind = 'machine');
END
$$;

-- The ratings triggers refresh the answers a statement touched, of any rater kind.
CREATE OR REPLACE FUNCTION pooled_pairs_refresh_inserted_or_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pooled_pairs(ARRAY(SELECT DISTINCT response_id FROM changed));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pooled_pairs_refresh_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pooled_pairs(ARRAY(SELECT response_id FROM changed UNION SELECT response_id FROM before_change));
  RETURN NULL;
END
$$;

-- What the rows of pooled_pairs a statement wrote add (new rows) and take away (old rows).
CREATE FUNCTION study_aggregates_from_pooled_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT c.*, 1 AS sign FROM changed c'
    WHEN 'DELETE' THEN 'SELECT c.*, -1 AS sign FROM before_change c'
    ELSE 'SELECT c.*, 1 AS sign FROM changed c UNION ALL SELECT c.*, -1 AS sign FROM before_change c' END;
BEGIN
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
    )
    SELECT 1$sql$, source);
  RETURN NULL;
END
$$;

-- What the rows of machine_pairs a statement wrote add and take away: each of the two physician sides against the machine score.
CREATE FUNCTION study_aggregates_from_machine_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT c.*, 1 AS sign FROM changed c'
    WHEN 'DELETE' THEN 'SELECT c.*, -1 AS sign FROM before_change c'
    ELSE 'SELECT c.*, 1 AS sign FROM changed c UNION ALL SELECT c.*, -1 AS sign FROM before_change c' END;
BEGIN
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

-- A study's answers, counted as they are inserted and deleted.
CREATE FUNCTION study_tallies_count_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT study_id, 1 AS sign FROM changed' ELSE 'SELECT study_id, -1 AS sign FROM before_change' END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO study_tallies AS t (study_id, answers)
    SELECT study_id, sum(sign) FROM (%s) c WHERE study_id IN (SELECT id FROM studies) GROUP BY 1 ORDER BY 1
    ON CONFLICT (study_id) DO UPDATE SET answers = t.answers + EXCLUDED.answers$sql$, source);
  RETURN NULL;
END
$$;

-- Recount what exists now: pooled_pairs is rebuilt (its refusal of direct writes set aside meanwhile), which fills the aggregates through the triggers.
ALTER TABLE pooled_pairs DISABLE TRIGGER pooled_pairs_refuse_direct_write;
DELETE FROM pooled_pairs;

CREATE TRIGGER study_aggregates_on_insert AFTER INSERT ON pooled_pairs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_pooled_pairs();
CREATE TRIGGER study_aggregates_on_update AFTER UPDATE ON pooled_pairs
  REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_pooled_pairs();
CREATE TRIGGER study_aggregates_on_delete AFTER DELETE ON pooled_pairs
  REFERENCING OLD TABLE AS before_change FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_pooled_pairs();
CREATE TRIGGER study_aggregates_on_insert AFTER INSERT ON machine_pairs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_machine_pairs();
CREATE TRIGGER study_aggregates_on_update AFTER UPDATE ON machine_pairs
  REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_machine_pairs();
CREATE TRIGGER study_aggregates_on_delete AFTER DELETE ON machine_pairs
  REFERENCING OLD TABLE AS before_change FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_from_machine_pairs();
CREATE TRIGGER study_tallies_on_answer_insert AFTER INSERT ON responses
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_tallies_count_answers();
CREATE TRIGGER study_tallies_on_answer_delete AFTER DELETE ON responses
  REFERENCING OLD TABLE AS before_change FOR EACH STATEMENT EXECUTE FUNCTION study_tallies_count_answers();

INSERT INTO study_tallies (study_id, answers) SELECT study_id, count(*) FROM responses GROUP BY 1;
SELECT refresh_pooled_pairs(ARRAY(SELECT DISTINCT response_id FROM ratings));
ALTER TABLE pooled_pairs ENABLE TRIGGER pooled_pairs_refuse_direct_write;

-- The aggregates and machine_pairs are written by the triggers alone, as pooled_pairs is: a direct write fires this guard at depth 1 and is refused.
CREATE FUNCTION study_aggregates_refuse_direct_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION '% is kept by triggers on ratings and responses: % on it directly is refused', TG_TABLE_NAME, TG_OP
      USING HINT = 'Write the ratings instead. The aggregates follow them.';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER machine_pairs_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON machine_pairs
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
CREATE TRIGGER study_tallies_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_tallies
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
CREATE TRIGGER study_physician_tallies_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_physician_tallies
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
CREATE TRIGGER study_pair_cells_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_pair_cells
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
CREATE TRIGGER study_machine_cells_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_machine_cells
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
CREATE TRIGGER study_action_cells_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_action_cells
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
