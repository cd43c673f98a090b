-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'researcher', 'rater');

-- CreateEnum
CREATE TYPE "RaterKind" AS ENUM ('physician', 'machine');

-- CreateEnum
CREATE TYPE "CriticalActionResult" AS ENUM ('hit', 'partial', 'miss');

-- CreateEnum
CREATE TYPE "ResponseClass" AS ENUM ('substantive', 'partial_engagement', 'generic_referral', 'hard_refusal', 'empty_or_filtered');

-- CreateEnum
CREATE TYPE "OmissionMechanism" AS ENUM ('none', 'safety_refusal', 'generic_deflection', 'hedging', 'scope_limitation');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('active', 'submitted', 'skipped', 'expired');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('scenarios', 'safety_colliding', 'responses', 'scores');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('succeeded', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "studies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "locked_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "studies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenarios" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "category_number" INTEGER,
    "acuity_weight" DOUBLE PRECISION NOT NULL,
    "prompt" TEXT NOT NULL,
    "system_prompt" TEXT,
    "gold_standard" TEXT NOT NULL,
    "commission_risks" TEXT[],
    "equity_variant" JSONB,
    "decoupling_pair_id" TEXT,
    "decoupling_framing" TEXT,
    "decoupling_partner" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "critical_actions" (
    "id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "safety_colliding" BOOLEAN,

    CONSTRAINT "critical_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "responses" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "model_id" TEXT NOT NULL,
    "repetition" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "output_tokens" INTEGER,
    "content_filtered" BOOLEAN NOT NULL DEFAULT false,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "blind_code" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "import_batch_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "raters" (
    "id" UUID NOT NULL,
    "kind" "RaterKind" NOT NULL,
    "user_id" UUID,
    "study_id" UUID,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "raters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ratings" (
    "id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "rater_id" UUID NOT NULL,
    "rater_kind" "RaterKind" NOT NULL,
    "omission_harm" SMALLINT NOT NULL,
    "commission_harm" SMALLINT NOT NULL,
    "critical_action_results" "CriticalActionResult"[],
    "response_class" "ResponseClass",
    "omission_mechanism" "OmissionMechanism",
    "reasoning" TEXT,
    "extra" JSONB,
    "assignment_id" UUID,
    "import_batch_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ratings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rating_revisions" (
    "id" UUID NOT NULL,
    "rating_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changed_by_id" UUID,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rating_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queues" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "ratings_per_item" INTEGER NOT NULL DEFAULT 2,
    "lease_seconds" INTEGER NOT NULL DEFAULT 1800,
    "seed" TEXT NOT NULL,
    "filter" JSONB,
    "sample" JSONB,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_raters" (
    "queue_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "queue_raters_pkey" PRIMARY KEY ("queue_id","user_id")
);

-- CreateTable
CREATE TABLE "queue_items" (
    "id" UUID NOT NULL,
    "queue_id" UUID NOT NULL,
    "response_id" UUID NOT NULL,

    CONSTRAINT "queue_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assignments" (
    "id" UUID NOT NULL,
    "queue_item_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'active',
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "skip_reason" TEXT,

    CONSTRAINT "assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_batches" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "user_id" UUID,
    "kind" "ImportKind" NOT NULL,
    "status" "ImportStatus" NOT NULL,
    "file_names" TEXT[],
    "sha256" TEXT NOT NULL,
    "rater_name" TEXT,
    "created" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "replaced" INTEGER NOT NULL DEFAULT 0,
    "unscored" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "study_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "studies_name_key" ON "studies"("name");

-- CreateIndex
CREATE INDEX "scenarios_study_id_category_idx" ON "scenarios"("study_id", "category");

-- CreateIndex
CREATE INDEX "scenarios_study_id_decoupling_pair_id_idx" ON "scenarios"("study_id", "decoupling_pair_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_study_id_external_id_key" ON "scenarios"("study_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "critical_actions_scenario_id_position_key" ON "critical_actions"("scenario_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "responses_blind_code_key" ON "responses"("blind_code");

-- CreateIndex
CREATE INDEX "responses_study_id_model_id_idx" ON "responses"("study_id", "model_id");

-- CreateIndex
CREATE UNIQUE INDEX "responses_scenario_id_model_id_repetition_key" ON "responses"("scenario_id", "model_id", "repetition");

-- CreateIndex
CREATE UNIQUE INDEX "raters_user_id_key" ON "raters"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "raters_id_kind_key" ON "raters"("id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "raters_study_id_name_key" ON "raters"("study_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ratings_assignment_id_key" ON "ratings"("assignment_id");

-- CreateIndex
CREATE INDEX "ratings_rater_id_idx" ON "ratings"("rater_id");

-- CreateIndex
CREATE UNIQUE INDEX "ratings_response_id_rater_id_key" ON "ratings"("response_id", "rater_id");

-- CreateIndex
CREATE UNIQUE INDEX "rating_revisions_rating_id_version_key" ON "rating_revisions"("rating_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "queues_study_id_name_key" ON "queues"("study_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "queue_items_queue_id_response_id_key" ON "queue_items"("queue_id", "response_id");

-- CreateIndex
CREATE INDEX "assignments_user_id_status_idx" ON "assignments"("user_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "assignments_queue_item_id_user_id_key" ON "assignments"("queue_item_id", "user_id");

-- CreateIndex
CREATE INDEX "import_batches_study_id_created_at_idx" ON "import_batches"("study_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_study_id_at_idx" ON "audit_log"("study_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "studies" ADD CONSTRAINT "studies_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "critical_actions" ADD CONSTRAINT "critical_actions_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_import_batch_id_fkey" FOREIGN KEY ("import_batch_id") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "raters" ADD CONSTRAINT "raters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "raters" ADD CONSTRAINT "raters_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rater_id_rater_kind_fkey" FOREIGN KEY ("rater_id", "rater_kind") REFERENCES "raters"("id", "kind") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_import_batch_id_fkey" FOREIGN KEY ("import_batch_id") REFERENCES "import_batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rating_revisions" ADD CONSTRAINT "rating_revisions_rating_id_fkey" FOREIGN KEY ("rating_id") REFERENCES "ratings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rating_revisions" ADD CONSTRAINT "rating_revisions_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queues" ADD CONSTRAINT "queues_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queues" ADD CONSTRAINT "queues_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_raters" ADD CONSTRAINT "queue_raters_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_raters" ADD CONSTRAINT "queue_raters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_queue_item_id_fkey" FOREIGN KEY ("queue_item_id") REFERENCES "queue_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Constraints Prisma's schema language cannot express (written by hand).

-- Scores: OH 0-4, CH 0-3, and -1 ("could not be scored") only for machine raters.
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_omission_harm_range" CHECK ("omission_harm" BETWEEN -1 AND 4);
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_commission_harm_range" CHECK ("commission_harm" BETWEEN -1 AND 3);
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_unscored_only_machine"
  CHECK ("rater_kind" = 'machine' OR ("omission_harm" >= 0 AND "commission_harm" >= 0));
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_version_positive" CHECK ("version" >= 1);

-- A physician rater is a user (across studies), a machine rater belongs to one study.
ALTER TABLE "raters" ADD CONSTRAINT "raters_kind_consistent" CHECK (
  ("kind" = 'physician' AND "user_id" IS NOT NULL AND "study_id" IS NULL)
  OR ("kind" = 'machine' AND "user_id" IS NULL AND "study_id" IS NOT NULL)
);

ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_acuity_weight_positive" CHECK ("acuity_weight" > 0);
ALTER TABLE "critical_actions" ADD CONSTRAINT "critical_actions_position_nonnegative" CHECK ("position" >= 0);
ALTER TABLE "responses" ADD CONSTRAINT "responses_repetition_nonnegative" CHECK ("repetition" >= 0);
ALTER TABLE "responses" ADD CONSTRAINT "responses_output_tokens_nonnegative"
  CHECK ("output_tokens" IS NULL OR "output_tokens" >= 0);
ALTER TABLE "queues" ADD CONSTRAINT "queues_ratings_per_item_positive" CHECK ("ratings_per_item" >= 1);
ALTER TABLE "queues" ADD CONSTRAINT "queues_lease_seconds_positive" CHECK ("lease_seconds" > 0);
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_skip_has_reason"
  CHECK ("status" <> 'skipped' OR "skip_reason" IS NOT NULL);
