-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'gold';
