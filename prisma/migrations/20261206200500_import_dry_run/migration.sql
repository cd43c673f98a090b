-- AlterTable
ALTER TABLE "import_batches" ADD COLUMN     "dry_run" BOOLEAN NOT NULL DEFAULT false;
