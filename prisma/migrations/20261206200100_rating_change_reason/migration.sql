-- The reason a rater gives for changing a rating, kept on the revision of the
-- version they changed; and when an assignment was skipped, so the skip can be
-- undone until the rater's next rating. Skips made before this have no time:
-- they can no longer be undone.
-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "skipped_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "rating_revisions" ADD COLUMN     "change_reason" TEXT;
