-- AlterTable
ALTER TABLE "ratings" ADD COLUMN     "content_hash" TEXT;
