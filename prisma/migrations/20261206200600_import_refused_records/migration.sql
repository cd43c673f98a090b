-- AlterTable
ALTER TABLE "import_batches" ADD COLUMN     "refused" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refused_records" JSONB;
