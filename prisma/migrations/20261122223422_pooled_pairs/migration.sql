-- CreateTable
CREATE TABLE "pooled_pairs" (
    "response_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "ratings" INTEGER NOT NULL,
    "rater_a" UUID,
    "oh_a" SMALLINT,
    "ch_a" SMALLINT,
    "actions_a" "CriticalActionResult"[],
    "rater_b" UUID,
    "oh_b" SMALLINT,
    "ch_b" SMALLINT,
    "actions_b" "CriticalActionResult"[],
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "pooled_pairs_pkey" PRIMARY KEY ("response_id")
);

-- CreateIndex
CREATE INDEX "pooled_pairs_study_id_completed_at_idx" ON "pooled_pairs"("study_id", "completed_at");

-- AddForeignKey
ALTER TABLE "pooled_pairs" ADD CONSTRAINT "pooled_pairs_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pooled_pairs" ADD CONSTRAINT "pooled_pairs_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keeps pooled_pairs in step with the physician ratings of the given answers.
-- The summary rows are created and locked (in a fixed order) before they are
-- recounted: two raters submitting the same answer at once are applied one
-- after the other, and the recount, a statement with a fresh snapshot, sees
-- the other's committed rating. First and second are by (created_at, id),
-- as the pooled pairs are defined (DESIGN §5).
CREATE FUNCTION refresh_pooled_pairs(answers uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pooled_pairs (response_id, study_id, ratings)
    SELECT r.id, r.study_id, 0 FROM responses r JOIN unnest(answers) AS x(id) ON x.id = r.id
    ON CONFLICT (response_id) DO NOTHING;
  PERFORM 1 FROM pooled_pairs p JOIN unnest(answers) AS x(id) ON x.id = p.response_id ORDER BY p.response_id FOR UPDATE OF p;
  WITH ranked AS (
    SELECT g.response_id, g.rater_id, g.omission_harm, g.commission_harm, g.critical_action_results, g.created_at,
           row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth,
           count(*) OVER (PARTITION BY g.response_id) AS total
    FROM ratings g JOIN unnest(answers) AS x(id) ON x.id = g.response_id
    WHERE g.rater_kind = 'physician'
  ), paired AS (
    SELECT x.id, coalesce(a.total, 0) AS total, a.rater_id AS rater_a, a.omission_harm AS oh_a, a.commission_harm AS ch_a, a.critical_action_results AS actions_a,
           b.rater_id AS rater_b, b.omission_harm AS oh_b, b.commission_harm AS ch_b, b.critical_action_results AS actions_b, b.created_at AS completed_at
    FROM unnest(answers) AS x(id)
    LEFT JOIN ranked a ON a.response_id = x.id AND a.nth = 1
    LEFT JOIN ranked b ON b.response_id = x.id AND b.nth = 2
  )
  UPDATE pooled_pairs p
     SET ratings = q.total, rater_a = q.rater_a, oh_a = q.oh_a, ch_a = q.ch_a, actions_a = q.actions_a,
         rater_b = q.rater_b, oh_b = q.oh_b, ch_b = q.ch_b, actions_b = q.actions_b, completed_at = q.completed_at
    FROM paired q WHERE p.response_id = q.id;
  DELETE FROM pooled_pairs p USING unnest(answers) AS x(id) WHERE p.response_id = x.id AND p.ratings = 0;
END
$$;

-- Statement-level, so a bulk insert of ratings refreshes its answers in one pass.
CREATE FUNCTION pooled_pairs_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pooled_pairs(ARRAY(SELECT DISTINCT response_id FROM changed WHERE rater_kind = 'physician'));
  RETURN NULL;
END
$$;

CREATE FUNCTION pooled_pairs_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pooled_pairs(ARRAY(
    SELECT response_id FROM changed WHERE rater_kind = 'physician'
    UNION SELECT response_id FROM before_change WHERE rater_kind = 'physician'));
  RETURN NULL;
END
$$;

CREATE TRIGGER pooled_pairs_on_insert AFTER INSERT ON ratings
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pooled_pairs_after_insert();
CREATE TRIGGER pooled_pairs_on_update AFTER UPDATE ON ratings
  REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pooled_pairs_after_update();
CREATE TRIGGER pooled_pairs_on_delete AFTER DELETE ON ratings
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pooled_pairs_after_insert();

-- Physician ratings given before this migration.
SELECT refresh_pooled_pairs(ARRAY(SELECT DISTINCT response_id FROM ratings WHERE rater_kind = 'physician'));
