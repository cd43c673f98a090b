-- An answer's study is its scenario's study: one composite foreign key checks both,
-- where two checked each imported row apart (and could not tell a mismatch).
-- Deleting a study still deletes its answers, through its scenarios.

-- DropForeignKey
ALTER TABLE "responses" DROP CONSTRAINT "responses_scenario_id_fkey";

-- DropForeignKey
ALTER TABLE "responses" DROP CONSTRAINT "responses_study_id_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_id_study_id_key" ON "scenarios"("id", "study_id");

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_scenario_id_study_id_fkey" FOREIGN KEY ("scenario_id", "study_id") REFERENCES "scenarios"("id", "study_id") ON DELETE CASCADE ON UPDATE CASCADE;
