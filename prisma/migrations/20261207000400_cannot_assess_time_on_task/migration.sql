-- CreateEnum
CREATE TYPE "CannotAssessReason" AS ENUM ('missing_context', 'outside_expertise', 'unreadable');

-- AlterEnum
ALTER TYPE "AssignmentStatus" ADD VALUE 'cannot_assess';

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "active_seconds" INTEGER,
ADD COLUMN     "cannot_assess_reason" "CannotAssessReason";

-- Ratings given before hidden time was reported: their active time is the whole time from claim to submission.
UPDATE "assignments" SET "active_seconds" = GREATEST(0, ROUND(EXTRACT(EPOCH FROM "submitted_at" - "claimed_at")))::int
WHERE "submitted_at" IS NOT NULL;
