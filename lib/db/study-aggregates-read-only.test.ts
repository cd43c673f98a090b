// The per-study aggregates and machine_pairs are kept by triggers, and the
// database refuses any other write. This keeps the code from growing such a
// write: no module of the app or its scripts writes them through Prisma or
// SQL. Only the migrations may; tests (which check the refusal) are not scanned.
import { describe, expect, it } from "vitest";
import { sourceFiles } from "@/tests/support/source-files";

const TABLES = ["machine_pairs", "study_tallies", "study_physician_tallies", "study_pair_cells", "study_machine_cells", "study_action_cells", "study_time_cells"];
const MODELS = ["machinePair", "studyTallies", "studyPhysicianTally", "studyPairCell", "studyMachineCell", "studyActionCell", "studyTimeCell"];

const prismaWrite = new RegExp(`\\b(?:${MODELS.join("|")})\\s*\\??\\.\\s*(?:create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\\b`);
const sqlWrite = new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|TRUNCATE(?:\\s+TABLE)?)\\s+(?:ONLY\\s+)?(?:"?public"?\\.)?"?(?:${TABLES.join("|")})\\b`, "i");

const writesAggregates = (text: string) => prismaWrite.test(text) || sqlWrite.test(text);

describe("study aggregates", () => {
  it("are written by no module under app/, features/, lib/ or scripts/ (tests aside)", () => {
    const writers = sourceFiles(["app", "features", "lib", "scripts"])
      .filter((file) => !/\.test\.tsx?$/.test(file.path) && writesAggregates(file.text))
      .map((file) => file.path);
    expect(writers).toEqual([]);
  });

  it("would see such a write, and not a read", () => {
    for (const write of ["await tx.studyTallies.update({ data })", "prisma.studyPairCell\n  .deleteMany()", "INSERT INTO study_machine_cells (study_id)", 'update "study_physician_tallies" set ratings = 0', "DELETE FROM machine_pairs m"]) {
      expect(writesAggregates(write), write).toBe(true);
    }
    for (const read of ["prisma.studyTallies.findUnique({ where })", "SELECT * FROM study_pair_cells c", "JOIN study_action_cells a ON true"]) {
      expect(writesAggregates(read), read).toBe(false);
    }
  });
});
