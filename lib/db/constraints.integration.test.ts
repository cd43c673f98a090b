// The database itself refuses what the application must never write.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { unique } from "@/tests/integration/helpers";

async function fixture() {
  const study = await prisma.study.create({ data: { name: unique("constraints") } });
  const scenario = await prisma.scenario.create({
    data: {
      studyId: study.id,
      externalId: "Q1",
      category: "control",
      acuityWeight: 1,
      prompt: "p",
      goldStandard: "g",
      contentHash: "h",
    },
  });
  const response = await prisma.response.create({
    data: {
      studyId: study.id,
      scenarioId: scenario.id,
      modelId: "m",
      repetition: 0,
      text: "t",
      blindCode: unique("R"),
      contentHash: "h",
    },
  });
  const user = await prisma.user.create({
    data: { email: `${unique("c")}@test.tandem`, name: "n", role: "rater", passwordHash: "x" },
  });
  const physician = await prisma.rater.create({ data: { kind: "physician", userId: user.id, name: "dr" } });
  const machine = await prisma.rater.create({ data: { kind: "machine", studyId: study.id, name: "judge" } });
  return { study, scenario, response, physician, machine };
}

const rating = (responseId: string, rater: { id: string; kind: "physician" | "machine" }, oh: number, ch: number) =>
  prisma.rating.create({
    data: { responseId, raterId: rater.id, raterKind: rater.kind, omissionHarm: oh, commissionHarm: ch },
  });

describe("database constraints", () => {
  it("keep scores in range: OH 0-4, CH 0-3", async () => {
    const { response, physician } = await fixture();
    await expect(rating(response.id, physician, 5, 0)).rejects.toThrow(/omission_harm_range/);
    await expect(rating(response.id, physician, 0, 4)).rejects.toThrow(/commission_harm_range/);
    await expect(rating(response.id, physician, 4, 3)).resolves.toMatchObject({ omissionHarm: 4 });
  });

  it("allow -1 (could not be scored) for machine raters only", async () => {
    const { response, physician, machine } = await fixture();
    await expect(rating(response.id, physician, -1, 0)).rejects.toThrow(/unscored_only_machine/);
    await expect(rating(response.id, machine, -1, -1)).resolves.toMatchObject({ omissionHarm: -1 });
  });

  it("keep one rating per rater per answer", async () => {
    const { response, physician } = await fixture();
    await rating(response.id, physician, 1, 1);
    await expect(rating(response.id, physician, 2, 2)).rejects.toThrow(/Unique constraint/);
  });

  it("refuse a rating whose rater kind disagrees with its rater", async () => {
    const { response, physician } = await fixture();
    await expect(rating(response.id, { id: physician.id, kind: "machine" }, -1, 0)).rejects.toThrow(/Foreign key/);
  });

  it("keep an answer's natural key (scenario, model, repetition) unique and its repetition non-negative", async () => {
    const { study, scenario } = await fixture();
    const answer = (repetition: number) =>
      prisma.response.create({
        data: { studyId: study.id, scenarioId: scenario.id, modelId: "m", repetition, text: "t", blindCode: unique("R"), contentHash: "h" },
      });
    await expect(answer(0)).rejects.toThrow(/Unique constraint/);
    await expect(answer(-1)).rejects.toThrow(/repetition_nonnegative/);
  });

  it("keep an answer in its scenario's study, and delete a study's answers with it", async () => {
    const { study, scenario, response } = await fixture();
    const other = await prisma.study.create({ data: { name: unique("other study") } });
    await expect(
      prisma.$executeRaw`INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, blind_code, content_hash)
        VALUES (gen_random_uuid(), ${other.id}::uuid, ${scenario.id}::uuid, 'm', 1, 't', ${unique("R")}, 'h')`,
    ).rejects.toThrow(/responses_scenario_id_study_id_fkey/);
    await expect(prisma.$executeRaw`UPDATE responses SET study_id = ${other.id}::uuid WHERE id = ${response.id}::uuid`).rejects.toThrow(
      /responses_scenario_id_study_id_fkey/,
    );
    await prisma.study.delete({ where: { id: study.id } });
    expect(await prisma.response.count({ where: { id: response.id } })).toBe(0);
  });

  it("keep an answer's import batch real: a missing one is refused, a deleted one cleared, one being written to not deleted", async () => {
    const { study, scenario, response } = await fixture();
    const batch = await prisma.importBatch.create({ data: { studyId: study.id, kind: "responses", status: "succeeded", sha256: "" } });
    const insert = (batchId: string) =>
      prisma.$executeRaw`INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, blind_code, content_hash, import_batch_id)
        VALUES (gen_random_uuid(), ${study.id}::uuid, ${scenario.id}::uuid, 'm', ${Math.floor(Math.random() * 1e9)}, 't', ${unique("R")}, 'h', ${batchId}::uuid)`;
    const missing = "00000000-0000-7000-8000-000000000000";
    await expect(insert(missing)).rejects.toThrow(new RegExp(`import batch ${missing}, which does not exist`));
    await expect(prisma.$executeRaw`UPDATE responses SET import_batch_id = ${missing}::uuid WHERE id = ${response.id}::uuid`).rejects.toThrow(/does not exist/);
    expect(await insert(batch.id)).toBe(1);
    await prisma.response.update({ where: { id: response.id }, data: { importBatchId: batch.id } });

    // While a transaction writes a new answer naming the batch (a row no one else sees yet),
    // the batch cannot be deleted: the check locked it.
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const deleter = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([writer.connect(), deleter.connect()]);
    try {
      await writer.query("BEGIN");
      await writer.query(
        `INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, blind_code, content_hash, import_batch_id)
         VALUES (gen_random_uuid(), $1, $2, 'm', 999999999, 't', $3, 'h', $4)`,
        [study.id, scenario.id, unique("R"), batch.id],
      );
      await deleter.query("SET lock_timeout = '200ms'");
      await expect(deleter.query("DELETE FROM import_batches WHERE id = $1", [batch.id])).rejects.toThrow(/lock timeout/);
      await writer.query("COMMIT");
    } finally {
      await Promise.all([writer.end(), deleter.end()]);
    }

    // A batch's id never changes, and the table is never truncated (answers refer to the id).
    await expect(prisma.$executeRaw`UPDATE import_batches SET id = gen_random_uuid() WHERE id = ${batch.id}::uuid`).rejects.toThrow(/changing id is refused/);
    await expect(prisma.$executeRaw`TRUNCATE import_batches CASCADE`).rejects.toThrow(/TRUNCATE is refused/);

    await prisma.importBatch.delete({ where: { id: batch.id } });
    const answers = await prisma.response.findMany({ where: { studyId: study.id }, select: { importBatchId: true } });
    expect(answers).toHaveLength(3);
    expect(answers.every((answer) => answer.importBatchId === null)).toBe(true);
  });

  it("tie a physician rater to a user and a machine rater to a study", async () => {
    const { study } = await fixture();
    await expect(prisma.rater.create({ data: { kind: "machine", name: "x" } })).rejects.toThrow(/kind_consistent/);
    await expect(prisma.rater.create({ data: { kind: "physician", studyId: study.id, name: "x" } })).rejects.toThrow(
      /kind_consistent/,
    );
  });

  it("store emails in lower case only", async () => {
    await expect(
      prisma.user.create({ data: { email: "Mixed@Test.tandem", name: "n", role: "admin", passwordHash: "x" } }),
    ).rejects.toThrow(/email_lowercase/);
  });
});
