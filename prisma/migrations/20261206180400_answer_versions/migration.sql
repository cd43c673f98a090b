-- AlterTable (every answer is at version 1 so far, so every existing pair is current)
ALTER TABLE "pooled_pairs" DROP CONSTRAINT "pooled_pairs_pkey",
ADD COLUMN     "answer_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "current" BOOLEAN NOT NULL DEFAULT true,
ADD CONSTRAINT "pooled_pairs_pkey" PRIMARY KEY ("response_id", "answer_version");
ALTER TABLE "pooled_pairs" ALTER COLUMN "answer_version" DROP DEFAULT, ALTER COLUMN "current" DROP DEFAULT;

-- AlterTable
ALTER TABLE "ratings" ADD COLUMN     "answer_version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "responses" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "answer_versions" (
    "id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "output_tokens" INTEGER,
    "content_filtered" BOOLEAN NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "content_hash" TEXT NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replaced_by_id" UUID,
    "import_batch_id" UUID,

    CONSTRAINT "answer_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "answer_versions_response_id_version_key" ON "answer_versions"("response_id", "version");

-- AddForeignKey
ALTER TABLE "answer_versions" ADD CONSTRAINT "answer_versions_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_versions" ADD CONSTRAINT "answer_versions_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_versions" ADD CONSTRAINT "answer_versions_import_batch_id_fkey" FOREIGN KEY ("import_batch_id") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- pooled_pairs per version of an answer's text: the physician ratings given
-- to one version are paired among themselves (first and second by
-- (created_at, id)), and `current` says whether that version is the answer's
-- text now. Ratings of an earlier version are never paired with ratings of
-- the current one. The rows to recount are created (the current version's,
-- and every rated version's) and locked in a fixed order before the recount,
-- so two raters submitting the same answer at once are applied one after the
-- other, as before; a row left with no rating is removed.
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
  ), paired AS (
    SELECT p.response_id, p.answer_version, p.answer_version = r.version AS current, coalesce(a.total, 0) AS total,
           a.rater_id AS rater_a, a.omission_harm AS oh_a, a.commission_harm AS ch_a, a.critical_action_results AS actions_a,
           b.rater_id AS rater_b, b.omission_harm AS oh_b, b.commission_harm AS ch_b, b.critical_action_results AS actions_b, b.created_at AS completed_at
    FROM pooled_pairs p JOIN unnest(answers) AS x(id) ON x.id = p.response_id
    JOIN responses r ON r.id = p.response_id
    LEFT JOIN ranked a ON a.response_id = p.response_id AND a.answer_version = p.answer_version AND a.nth = 1
    LEFT JOIN ranked b ON b.response_id = p.response_id AND b.answer_version = p.answer_version AND b.nth = 2
  )
  UPDATE pooled_pairs p
     SET current = q.current, ratings = q.total, rater_a = q.rater_a, oh_a = q.oh_a, ch_a = q.ch_a, actions_a = q.actions_a,
         rater_b = q.rater_b, oh_b = q.oh_b, ch_b = q.ch_b, actions_b = q.actions_b, completed_at = q.completed_at
    FROM paired q WHERE p.response_id = q.response_id AND p.answer_version = q.answer_version;
  DELETE FROM pooled_pairs p USING unnest(answers) AS x(id) WHERE p.response_id = x.id AND p.ratings = 0;
END
$$;

-- A replaced answer (its version moved on) turns its pairs into earlier-version pairs.
CREATE FUNCTION pooled_pairs_refresh_replaced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_pooled_pairs(ARRAY(
    SELECT n.id FROM changed n JOIN before_change o ON o.id = n.id WHERE n.version <> o.version));
  RETURN NULL;
END
$$;

CREATE TRIGGER pooled_pairs_on_answer_version AFTER UPDATE ON responses
  REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pooled_pairs_refresh_replaced();
