-- AlterTable
ALTER TABLE "quality_ratings" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "quality_rating_revisions" (
    "id" UUID NOT NULL,
    "quality_rating_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changed_by_id" UUID,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "change_reason" TEXT,

    CONSTRAINT "quality_rating_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "quality_rating_revisions_quality_rating_id_version_key" ON "quality_rating_revisions"("quality_rating_id", "version");

-- AddForeignKey
ALTER TABLE "quality_rating_revisions" ADD CONSTRAINT "quality_rating_revisions_quality_rating_id_fkey" FOREIGN KEY ("quality_rating_id") REFERENCES "quality_ratings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_rating_revisions" ADD CONSTRAINT "quality_rating_revisions_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
