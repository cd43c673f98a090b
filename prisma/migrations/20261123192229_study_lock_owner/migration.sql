-- AlterTable
ALTER TABLE "studies" ADD COLUMN     "lock_reason" TEXT,
ADD COLUMN     "locked_by_id" UUID;

-- AddForeignKey
ALTER TABLE "studies" ADD CONSTRAINT "studies_locked_by_id_fkey" FOREIGN KEY ("locked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
