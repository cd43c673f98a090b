// Import input that PostgreSQL or the reader cannot take is a problem named
// by file, line and field: over-long ids, integers beyond int4, JSON nested
// too deep, invalid UTF-8, reserved rater names. And an upload with one bad
// part among good ones writes nothing at all.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { baseUrl, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { studyWithAnswers } from "@/tests/integration/queues";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

const post = (studyId: string, kind: string, body: BodyInit, type: string, query = "") =>
  fetch(`${baseUrl()}/api/v1/studies/${studyId}/${kind}${query}`, { method: "POST", headers: { authorization: `Bearer ${admin.token}`, "content-type": type }, body }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as ApiErrorBody & Record<string, unknown> }),
  );
const details = (result: { body: ApiErrorBody }) => result.body.error.details;

const counts = async (studyId: string) => ({
  scenarios: await prisma.scenario.count({ where: { studyId } }),
  responses: await prisma.response.count({ where: { studyId } }),
  ratings: await prisma.rating.count({ where: { response: { studyId } } }),
  raters: await prisma.rater.count({ where: { studyId } }),
});
const newStudy = async () => (await createStudy({ name: unique("Import input") }, admin.user.id)).id;

/** JSON text of a number wrapped in `depth` arrays (JSON.stringify itself overflows the stack on such values). */
const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe("an imported value PostgreSQL cannot index or hold", () => {
  it("an id of 8,000 characters is refused with the length limit", async () => {
    const study = await newStudy();
    const long = "s".repeat(8000);
    const result = await post(study, "scenarios", ndjson([scenario("OK"), scenario(long), scenario("P", { quadrant: long, decoupling_variant: { pair_id: long, framing: long, partner_id: "Q" } })]), "application/x-ndjson");
    expect(result.status).toBe(422);
    expect(details(result).map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 2, field: "id" },
      { line: 3, field: "quadrant" },
      { line: 3, field: "decoupling_variant.pair_id" },
      { line: 3, field: "decoupling_variant.framing" },
    ]);
    expect(details(result).every((d) => d.message.includes("at most 200 characters"))).toBe(true);

    const answers = await studyWithAnswers(admin);
    const before = await counts(answers);
    const longModel = await post(answers, "responses", ndjson([answer("S1", long, 0), answer(long, "m", 0)]), "application/x-ndjson");
    expect(longModel.status).toBe(422);
    expect(details(longModel).map(({ line, field }) => ({ line, field }))).toEqual([{ line: 1, field: "model_id" }, { line: 2, field: "scenario_id" }]);
    expect(await counts(answers)).toEqual(before);
    expect(await counts(study)).toMatchObject({ scenarios: 0 });
  });

  it("integers beyond PostgreSQL's int4 are refused with the bound, in JSON and in CSV", async () => {
    const study = await studyWithAnswers(admin);
    const before = await counts(study);
    const json = await post(study, "responses", ndjson([answer("S1", "big", 10_000_000_000, { output_tokens: 1 }), answer("S1", "big", 1, { output_tokens: 3_000_000_000 })]), "application/x-ndjson");
    expect(json.status).toBe(422);
    expect(details(json)).toEqual([
      expect.objectContaining({ line: 1, field: "rep_id", message: expect.stringContaining("2147483647") as string }),
      expect.objectContaining({ line: 2, field: "output_tokens", message: expect.stringContaining("2147483647") as string }),
    ]);
    const csv = await post(study, "responses", "scenario_id,model_id,rep_id,response\nS1,big,10000000000,x\n", "text/csv");
    expect(csv.status).toBe(422);
    expect(details(csv)).toEqual([expect.objectContaining({ line: 2, field: "rep_id", message: expect.stringContaining("2147483647") as string })]);
    // 1e999 parses as Infinity: refused like any other number out of range.
    const infinite = JSON.stringify(scenario("S8")).replace('"acuity_weight":4', '"acuity_weight":1e999');
    const scenarios = await post(study, "scenarios", `${JSON.stringify(scenario("S9", { quadrant_number: 10_000_000_000 }))}\n${infinite}\n`, "application/x-ndjson");
    expect(details(scenarios)).toEqual([
      expect.objectContaining({ line: 1, field: "quadrant_number", message: expect.stringContaining("2147483647") as string }),
      expect.objectContaining({ line: 2, field: "acuity_weight" }),
    ]);
    expect(await counts(study)).toEqual(before);
  });

  it("JSON nested 5,000 deep is refused with its line, whole or broken", async () => {
    const study = await studyWithAnswers(admin);
    const before = await counts(study);
    const deepLine = JSON.stringify(answer("S1", "deep", 1, { metadata: { tree: "TREE" } })).replace('"TREE"', nested(5000));
    const deep = await post(study, "responses", `${JSON.stringify(answer("S1", "deep", 0))}\n${deepLine}\n`, "application/x-ndjson");
    expect(deep.status).toBe(422);
    expect(details(deep)).toEqual([expect.objectContaining({ line: 2, field: "metadata", message: expect.stringContaining("deeper than 64") as string })]);

    const broken = await post(study, "responses", `${JSON.stringify(answer("S1", "deep", 0))}\n{"metadata": ${"[".repeat(100_000)}\n`, "application/x-ndjson");
    expect(broken.status).toBe(422);
    expect(details(broken)).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("deeper than 64") as string })]);

    const csv = await post(study, "responses", `scenario_id,model_id,rep_id,response,metadata\nS1,deep,0,x,"{""a"": ${nested(5000)}}"\n`, "text/csv");
    expect(csv.status).toBe(422);
    expect(details(csv)).toEqual([expect.objectContaining({ line: 2, field: "metadata", message: expect.stringContaining("deeper than 64") as string })]);
    expect(await counts(study)).toEqual(before);
  });
});

describe("invalid UTF-8", () => {
  const withBadByte = (lines: string[], badLine: number) => {
    const bytes = lines.map((line, i) => (i + 1 === badLine ? Buffer.concat([Buffer.from(line.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(line.slice(20))]) : Buffer.from(line)));
    return Buffer.concat(bytes.flatMap((b) => [b, Buffer.from("\n")]));
  };

  it("is refused with the line of the first invalid byte, not silently replaced (NDJSON and CSV)", async () => {
    const study = await studyWithAnswers(admin);
    const before = await counts(study);
    const rows = [0, 1, 2, 3].map((rep) => JSON.stringify(answer("S1", "utf", rep, { response: "Fièvre à 40 °C — 3 jours." })));
    const json = await post(study, "responses", withBadByte(rows, 3), "application/x-ndjson", "?filename=answers.ndjson");
    expect(json.status).toBe(422);
    expect(details(json)).toEqual([{ file: "answers.ndjson", line: 3, message: expect.stringContaining("UTF-8") as string }]);

    const csv = await post(study, "responses", withBadByte(["scenario_id,model_id,rep_id,response", "S1,utf,0,Fièvre à 40 °C", "S1,utf,1,Fièvre à 40 °C"], 2), "text/csv", "?filename=answers.csv");
    expect(csv.status).toBe(422);
    expect(details(csv)).toEqual([{ file: "answers.csv", line: 2, message: expect.stringContaining("UTF-8") as string }]);
    expect(await counts(study)).toEqual(before);
  });

  it("is told apart from a character split between two network chunks", async () => {
    const study = await studyWithAnswers(admin);
    const text = Buffer.from(ndjson([0, 1, 2].map((rep) => answer("S1", "split", rep, { response: "é".repeat(40_000) }))));
    let offset = 0;
    // Odd-sized chunks cut two-byte characters in half.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= text.length) controller.close();
        else controller.enqueue(text.subarray(offset, (offset += 4097)));
      },
    });
    const response = await fetch(`${baseUrl()}/api/v1/studies/${study}/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    expect((await prisma.response.findFirstOrThrow({ where: { studyId: study, modelId: "split" } })).text).toBe("é".repeat(40_000));
  });
});

describe("reserved rater names", () => {
  it.each(["physicians", "Consensus", "GOLD"])("%s cannot name a machine rater, by ?rater= or by judge_model", async (name) => {
    const study = await studyWithAnswers(admin);
    const byQuery = await post(study, "scores", ndjson([score("S1", "m-0", 0, 1, 0)]), "application/x-ndjson", `?rater=${name}`);
    expect(byQuery.status).toBe(422);
    expect(details(byQuery)).toEqual([{ field: "rater", message: expect.stringContaining("reserved") as string }]);

    const byJudge = await post(study, "scores", ndjson([score("S1", "m-0", 0, 1, 0, { judge_model: "judge-ok" }), score("S1", "m-1", 1, 1, 0, { judge_model: name })]), "application/x-ndjson");
    expect(byJudge.status).toBe(422);
    expect(details(byJudge)).toEqual([{ file: "upload", line: 2, record: 2, field: "judge_model", message: expect.stringContaining("reserved") as string }]);
    expect(await counts(study)).toMatchObject({ ratings: 0, raters: 0 });
  });
});

describe("all or nothing", () => {
  it("replace=true with one bad row among good changed ones replaces none of them", async () => {
    const study = await studyWithAnswers(admin, 4);
    const changed = [0, 1, 2].map((rep) => answer("S1", `m-${rep % 2}`, rep, { response: "Revised." }));
    const result = await post(study, "responses", ndjson([...changed, answer("S1", "m-1", 3, { content_filtered: "maybe" })]), "application/x-ndjson", "?replace=true");
    expect(result.status).toBe(422);
    expect(details(result)).toEqual([expect.objectContaining({ line: 4, field: "content_filtered" })]);
    expect(await prisma.response.count({ where: { studyId: study, text: "Revised." } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { studyId: study, action: "response.replace" } })).toBe(0);
  });

  it("a multipart upload with one bad file among several imports none of them", async () => {
    const study = await newStudy();
    const form = new FormData();
    const files: [string, unknown][] = [["a.json", scenario("A")], ["b.json", scenario("B", { acuity_weight: -2 })], ["c.json", scenario("C")]];
    for (const [name, value] of files) form.append("files", new File([JSON.stringify(value)], name, { type: "application/json" }));
    const response = await fetch(`${baseUrl()}/api/v1/studies/${study}/scenarios`, { method: "POST", headers: { authorization: `Bearer ${admin.token}` }, body: form });
    expect(response.status).toBe(422);
    expect(((await response.json()) as ApiErrorBody).error.details).toEqual([expect.objectContaining({ file: "b.json", line: 1, field: "acuity_weight" })]);
    expect(await counts(study)).toMatchObject({ scenarios: 0 });
  });

  it("a CSV with bad rows among good ones imports none of its rows", async () => {
    const study = await studyWithAnswers(admin);
    const before = await counts(study);
    const csv = ["scenario_id,model_id,rep_id,response,content_filtered", "S1,csv,0,good,false", "S1,csv,x,bad rep,false", "S1,csv,2,good,false", "S1,csv,3,bad flag,perhaps"].join("\n");
    const result = await post(study, "responses", csv, "text/csv", "?filename=rows.csv");
    expect(result.status).toBe(422);
    expect(details(result).map(({ file, line, field }) => ({ file, line, field }))).toEqual([
      { file: "rows.csv", line: 3, field: "rep_id" },
      { file: "rows.csv", line: 5, field: "content_filtered" },
    ]);
    expect(await counts(study)).toEqual(before);
  });
});
