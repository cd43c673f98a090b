-- CreateTable
CREATE TABLE "study_time_cells" (
    "study_id" UUID NOT NULL,
    "minutes" SMALLINT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "scale" TEXT NOT NULL,
    "a" SMALLINT NOT NULL,
    "b" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "study_time_cells_minutes_check" CHECK ("minutes" IN (10, 60, 1440)),
    CONSTRAINT "study_time_cells_scale_check" CHECK ("scale" IN ('omission_harm', 'commission_harm')),
    CONSTRAINT "study_time_cells_pkey" PRIMARY KEY ("study_id","minutes","bucket","scale","a","b")
);

-- AddForeignKey
ALTER TABLE "study_time_cells" ADD CONSTRAINT "study_time_cells_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Agreement over time, kept like the other per-study aggregates: each pooled
-- pair (current text, two physician ratings) counted per scale (its two
-- scores, -1 included) in the bucket of the time its second rating was given
-- (completed_at), at three widths: 10, 60 and 1440 minutes since the Unix
-- epoch in UTC (date_part('epoch') does not depend on the session's time
-- zone). A reader picks the finest width whose buckets over the study's span
-- are few enough, and merges whole buckets into the chart's slices.
CREATE OR REPLACE FUNCTION study_aggregates_from_pooled_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
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


-- The pairs there are now.
INSERT INTO study_time_cells (study_id, minutes, bucket, scale, a, b, count)
SELECT p.study_id, w.minutes, floor(date_part('epoch', p.completed_at) / (w.minutes * 60))::int, s.scale, s.a, s.b, count(*)
FROM pooled_pairs p CROSS JOIN (VALUES (10), (60), (1440)) AS w(minutes)
CROSS JOIN LATERAL (VALUES ('omission_harm', p.oh_a, p.oh_b), ('commission_harm', p.ch_a, p.ch_b)) AS s(scale, a, b)
WHERE p.current AND p.ratings >= 2
GROUP BY 1, 2, 3, 4, 5, 6;

-- Written by the triggers alone, as the other aggregates are.
CREATE TRIGGER study_time_cells_refuse_direct_write BEFORE INSERT OR UPDATE OR DELETE ON study_time_cells
  FOR EACH STATEMENT EXECUTE FUNCTION study_aggregates_refuse_direct_write();
