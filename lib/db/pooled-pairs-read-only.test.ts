// pooled_pairs is kept by triggers on ratings, and the database refuses any
// other write. This keeps the code from growing such a write in the first
// place: no module of the app or its scripts calls a Prisma write on
// pooledPair or writes pooled_pairs in SQL. Only the migrations may, and tests
// (which check the refusal) are not scanned.
import { describe, expect, it } from "vitest";
import { sourceFiles } from "@/tests/support/source-files";

const prismaWrite = /\bpooledPair\s*\??\.\s*(?:create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\b/;
const sqlWrite = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?pooled_pairs\b/i;

const writesPooledPairs = (text: string) => prismaWrite.test(text) || sqlWrite.test(text);

describe("pooled_pairs", () => {
  it("is written by no module under app/, features/, lib/ or scripts/ (tests aside)", () => {
    const writers = sourceFiles(["app", "features", "lib", "scripts"])
      .filter((file) => !/\.test\.tsx?$/.test(file.path) && writesPooledPairs(file.text))
      .map((file) => file.path);
    expect(writers).toEqual([]);
  });

  it("would see such a write, and not a read", () => {
    for (const write of [
      "await tx.pooledPair.create({ data })",
      "prisma.pooledPair\n  .upsert({",
      "prisma.pooledPair.deleteMany()",
      "INSERT INTO pooled_pairs (response_id)",
      'update "pooled_pairs" set ratings = 0',
      "DELETE FROM pooled_pairs p USING x",
    ]) {
      expect(writesPooledPairs(write), write).toBe(true);
    }
    for (const read of ["prisma.pooledPair.findMany({ where })", "SELECT * FROM pooled_pairs p", "JOIN pooled_pairs p ON p.response_id = r.id", "FOR UPDATE OF p"]) {
      expect(writesPooledPairs(read), read).toBe(false);
    }
  });
});
