-- CreateEnum
CREATE TYPE "AssignmentPurpose" AS ENUM ('rating', 'adjudication', 'gold', 'retest');

-- CreateEnum
CREATE TYPE "AdjudicationMode" AS ENUM ('independent', 'reconcile');

-- DropIndex
DROP INDEX "assignments_queue_item_id_user_id_key";

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "blind_code" TEXT,
ADD COLUMN     "purpose" "AssignmentPurpose" NOT NULL DEFAULT 'rating';

-- AlterTable
ALTER TABLE "queues" ADD COLUMN     "adjudicate_actions" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "adjudication_mode" "AdjudicationMode" NOT NULL DEFAULT 'independent',
ADD COLUMN     "adjudication_threshold" SMALLINT,
ADD COLUMN     "gold_rate" DOUBLE PRECISION,
ADD COLUMN     "retest_min_hours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "retest_share" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "queue_adjudicators" (
    "queue_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "queue_adjudicators_pkey" PRIMARY KEY ("queue_id","user_id")
);

-- CreateTable
CREATE TABLE "gold_scores" (
    "response_id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "omission_harm" SMALLINT NOT NULL,
    "commission_harm" SMALLINT NOT NULL,
    "critical_action_results" "CriticalActionResult"[],
    "response_class" "ResponseClass",
    "omission_mechanism" "OmissionMechanism",
    "reasoning" TEXT,
    "content_hash" TEXT,
    "import_batch_id" UUID,
    "set_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gold_scores_pkey" PRIMARY KEY ("response_id")
);

-- CreateTable
CREATE TABLE "quality_ratings" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "AssignmentPurpose" NOT NULL,
    "omission_harm" SMALLINT NOT NULL,
    "commission_harm" SMALLINT NOT NULL,
    "critical_action_results" "CriticalActionResult"[],
    "response_class" "ResponseClass",
    "omission_mechanism" "OmissionMechanism",
    "reasoning" TEXT,
    "answer_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_ratings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gold_scores_study_id_idx" ON "gold_scores"("study_id");

-- CreateIndex
CREATE UNIQUE INDEX "quality_ratings_assignment_id_key" ON "quality_ratings"("assignment_id");

-- CreateIndex
CREATE INDEX "quality_ratings_response_id_kind_idx" ON "quality_ratings"("response_id", "kind");

-- CreateIndex
CREATE INDEX "quality_ratings_user_id_kind_idx" ON "quality_ratings"("user_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "assignments_blind_code_key" ON "assignments"("blind_code");

-- CreateIndex
CREATE UNIQUE INDEX "assignments_queue_item_id_user_id_purpose_key" ON "assignments"("queue_item_id", "user_id", "purpose");

-- AddForeignKey
ALTER TABLE "queue_adjudicators" ADD CONSTRAINT "queue_adjudicators_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_adjudicators" ADD CONSTRAINT "queue_adjudicators_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_import_batch_id_fkey" FOREIGN KEY ("import_batch_id") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_set_by_id_fkey" FOREIGN KEY ("set_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A quality rating is never one of the queue's k ratings.
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_kind_check" CHECK ("kind" <> 'rating');
-- Physicians' and reference scores are on the instrument's scales (no -1: that is a machine's "not scored").
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_scales_check"
  CHECK ("omission_harm" BETWEEN 0 AND 4 AND "commission_harm" BETWEEN 0 AND 3);
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_scales_check"
  CHECK ("omission_harm" BETWEEN 0 AND 4 AND "commission_harm" BETWEEN 0 AND 3);
-- Queue settings of the rater-quality layer.
ALTER TABLE "queues" ADD CONSTRAINT "queues_quality_settings_check"
  CHECK (("adjudication_threshold" IS NULL OR "adjudication_threshold" BETWEEN 1 AND 4)
     AND ("gold_rate" IS NULL OR ("gold_rate" > 0 AND "gold_rate" <= 1))
     AND ("retest_share" IS NULL OR ("retest_share" > 0 AND "retest_share" <= 1))
     AND "retest_min_hours" >= 0);

-- AlterTable
ALTER TABLE "queue_items" ADD COLUMN "gold" BOOLEAN NOT NULL DEFAULT false;
