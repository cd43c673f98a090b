import { describe, expect, it } from "vitest";
import type { ImportKind } from "@/lib/db/generated/enums";
import { answer, scenario, score } from "@/tests/fixtures/study";
import { AppError } from "@/lib/errors";
import type { ParsedRecord } from "./read-records";
import { describeRecordShape, ofKind, recordKinds, wrongKindMessage } from "./record-shape";

const STUDY = "11111111-2222-3333-4444-555555555555";
const safetyMap = { Q1a: [true, false, false], Q1b: [false, false] };
// The clinician audit's shape: scores with critical_action_results and no judge_model.
const auditScore = {
  scenario_id: "Q10d", model_id: "deepseek", rep_id: 0, quadrant: "equity_gradient", parse_failure: false, response_class: "substantive",
  critical_action_results: ["hit", "miss"], omission_mechanism: "none", commission_harm: 0, omission_harm: 0, clinical_reasoning: "…",
};

describe("describeRecordShape", () => {
  it("tells each kind by its keys, naming the telling keys the record holds", () => {
    expect(describeRecordShape(scenario("Q1"))).toEqual({ kind: "scenarios", keys: ["id", "quadrant", "prompt", "critical_actions", "gold_standard_response", "acuity_weight"] });
    expect(describeRecordShape(answer("Q1", "m", 0))).toEqual({ kind: "responses", keys: ["scenario_id", "model_id", "rep_id", "response"] });
    expect(describeRecordShape(score("Q1", "m", 0, 1, 0))).toEqual({ kind: "scores", keys: ["scenario_id", "model_id", "rep_id", "omission_harm", "commission_harm"] });
    expect(describeRecordShape(auditScore)).toMatchObject({ kind: "scores" });
    expect(describeRecordShape(safetyMap)).toEqual({ kind: "safety_colliding", keys: ["Q1a", "Q1b"] });
  });

  it("says what a value that is not a JSON object is, and knows nothing of an object without telling keys", () => {
    expect(describeRecordShape(42)).toEqual({ kind: "not_a_record", is: "a number" });
    expect(describeRecordShape("Q1")).toEqual({ kind: "not_a_record", is: "a string" });
    expect(describeRecordShape([1, 2])).toEqual({ kind: "not_a_record", is: "an array" });
    expect(describeRecordShape(null)).toEqual({ kind: "not_a_record", is: "null" });
    expect(describeRecordShape({ name: "x", value: 3 })).toEqual({ kind: "unknown" });
    // An empty object, or one whose arrays hold no flag, is not a safety map.
    expect(describeRecordShape({})).toEqual({ kind: "unknown" });
    expect(describeRecordShape({ a: [] })).toEqual({ kind: "unknown" });
  });

  it("lets a record look like several kinds (answers carrying their scores; scores, which gold scores share the shape of)", () => {
    expect(recordKinds({ ...answer("Q1", "m", 0), omission_harm: 1 })).toEqual(["responses", "scores", "gold"]);
  });

  it("takes a scores-shaped file as gold scores, and names gold scores sent as answers", () => {
    const scored = score("Q1", "m", 0, 1, 0);
    expect(wrongKindMessage("gold", scored, "s")).toBeNull();
    expect(wrongKindMessage("responses", scored, "s")).toContain("looks like machine scores");
  });
});

describe("wrongKindMessage", () => {
  const cases: [ImportKind, unknown, RegExp][] = [
    ["responses", score("Q1", "m", 0, 1, 0), /^This file looks like machine scores \(scenario_id, model_id, rep_id, omission_harm, commission_harm …\), not model answers; send it to POST \/api\/v1\/studies\/[\w-]+\/scores\.$/],
    ["scenarios", answer("Q1", "m", 0), /^This file looks like model answers \(scenario_id, model_id, rep_id, response …\), not scenarios; send it to POST .*\/responses\.$/],
    ["scores", scenario("Q1"), /^This file looks like scenarios \(id, quadrant, prompt, critical_actions, gold_standard_response, acuity_weight …\), not machine scores; send it to POST .*\/scenarios\.$/],
    ["responses", safetyMap, /^This file looks like a safety-colliding map \(Q1a, Q1b …\), not model answers; send it to POST .*\/safety-colliding\.$/],
    ["safety_colliding", scenario("Q1"), /^This file looks like scenarios .*, not a safety-colliding map; send it to POST .*\/scenarios\.$/],
    ["scenarios", 7, /^This file does not hold records: its first record is a number, where each record must be a JSON object\.$/],
    ["safety_colliding", ["Q1"], /^This file does not hold records: its first record is an array, .*\(the map is one object: scenario id → flags\)\.$/],
  ];
  it.each(cases)("refuses a %s upload of another shape with one message saying what it looks like", (kind, value, message) => {
    expect(wrongKindMessage(kind, value, STUDY)).toMatch(message);
  });

  it("names the study's own route", () => {
    expect(wrongKindMessage("responses", auditScore, STUDY)).toContain(`POST /api/v1/studies/${STUDY}/scores`);
  });

  it("leaves a record of the right kind, of several kinds including it, or of no telling keys to the field checks", () => {
    expect(wrongKindMessage("scenarios", scenario("Q1"), STUDY)).toBeNull();
    expect(wrongKindMessage("responses", answer("Q1", "m", 0), STUDY)).toBeNull();
    expect(wrongKindMessage("scores", score("Q1", "m", 0, 1, 0), STUDY)).toBeNull();
    expect(wrongKindMessage("scores", auditScore, STUDY)).toBeNull();
    expect(wrongKindMessage("safety_colliding", safetyMap, STUDY)).toBeNull();
    expect(wrongKindMessage("scores", { ...answer("Q1", "m", 0), omission_harm: 1, commission_harm: 0 }, STUDY)).toBeNull();
    // A scenario missing its id, an answer missing its text: the schema names the missing field.
    expect(wrongKindMessage("scenarios", { quadrant: "q", prompt: "p" }, STUDY)).toBeNull();
    expect(wrongKindMessage("responses", { scenario_id: "Q1", model_id: "m", rep_id: 0 }, STUDY)).toBeNull();
  });
});

/** The records in batches of `size`, as the reader hands them over. */
async function* records(list: ParsedRecord[], size = 1): AsyncGenerator<ParsedRecord[]> {
  for (let i = 0; i < list.length; i += size) yield await Promise.resolve(list.slice(i, i + size));
}
async function drain(generator: AsyncGenerator<ParsedRecord[]>) {
  const out: ParsedRecord[] = [];
  for await (const batch of generator) out.push(...batch);
  return out;
}

describe("ofKind", () => {
  it("refuses the whole file with one problem at its first record, read no further", async () => {
    let read = 0;
    async function* many(): AsyncGenerator<ParsedRecord[]> {
      for (let i = 1; i <= 1000; i++) {
        read++;
        yield await Promise.resolve([{ line: 1, record: i, pointer: `/${i - 1}`, value: score("Q1", "m", i, 1, 0) }]);
      }
    }
    const error = await drain(ofKind("responses", { studyId: STUDY, file: "scores.json" }, many())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(422);
    expect(appError.message).toMatch(/^This file looks like machine scores .* Nothing was imported\.$/);
    expect(appError.details).toEqual([{ file: "scores.json", line: 1, record: 1, pointer: "/0", message: expect.stringMatching(/^This file looks like machine scores/) as unknown }]);
    expect(read).toBe(1);
  });

  it("passes every record of the right kind through, and judges by the first readable record", async () => {
    const list: ParsedRecord[] = [
      { line: 1, record: 1, error: "Invalid JSON near \"x\"" },
      { line: 2, record: 2, value: answer("Q1", "m", 0) },
      { line: 3, record: 3, value: score("Q1", "m", 0, 1, 0) },
    ];
    expect(await drain(ofKind("responses", { studyId: STUDY, file: "a.ndjson" }, records(list)))).toEqual(list);
    // The same records in one batch: the unreadable first record does not decide.
    expect(await drain(ofKind("responses", { studyId: STUDY, file: "a.ndjson" }, records(list, 3)))).toEqual(list);
  });
});
