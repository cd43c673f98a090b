// What an uploaded file looks like, from its first record's keys: a file
// sent as the wrong kind (scores sent as answers, a safety map sent as
// scenarios) is refused with one message naming what it looks like, instead
// of one field error per record.
import type { ImportKind } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import type { ParsedRecord } from "./read-records";
import { IMPORT_PATHS } from "./upload";

/** What a record looks like: one of the import kinds, or not a record (a JSON object) at all. */
export type RecordShape =
  | { kind: ImportKind; keys: string[] }
  | { kind: "not_a_record"; is: string }
  | { kind: "unknown" };

/** Each kind in words, as a file's description names it. */
export const KIND_NOUNS: Record<ImportKind, string> = {
  scenarios: "scenarios",
  safety_colliding: "a safety-colliding map",
  responses: "model answers",
  scores: "machine scores",
  gold: "gold scores",
};

/** The keys that tell each kind apart, in the order a description names them. */
const MARKERS: Record<Exclude<ImportKind, "safety_colliding">, readonly string[]> = {
  scenarios: ["id", "quadrant", "prompt", "critical_actions", "gold_standard_response", "acuity_weight"],
  responses: ["scenario_id", "model_id", "rep_id", "response"],
  scores: ["scenario_id", "model_id", "rep_id", "omission_harm", "commission_harm", "critical_action_results"],
  gold: ["scenario_id", "model_id", "rep_id", "omission_harm", "commission_harm", "critical_action_results"],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const has = (value: Record<string, unknown>, key: string) => Object.hasOwn(value, key);

/** Every value an array of true/false flags (at least one flag in all): the safety-colliding map's shape. */
const isFlagMap = (value: Record<string, unknown>) => {
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.every((flags) => Array.isArray(flags) && flags.every((flag) => typeof flag === "boolean")) &&
    entries.some((flags) => (flags as unknown[]).length > 0)
  );
};

const typeName = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? "a string" : typeof value === "number" ? "a number" : typeof value === "boolean" ? "true or false" : typeof value;

/**
 * The kinds a record could be, from its keys alone (a record can look like
 * more than one: an answers file that also carries scores).
 */
export function recordKinds(value: unknown): ImportKind[] {
  if (!isObject(value)) return [];
  const kinds: ImportKind[] = [];
  if (has(value, "id") && (has(value, "critical_actions") || has(value, "prompt") || has(value, "gold_standard_response"))) kinds.push("scenarios");
  if (has(value, "scenario_id") && has(value, "response")) kinds.push("responses");
  // Gold scores have the machine scores' shape: such a file may be either.
  if (has(value, "scenario_id") && (has(value, "omission_harm") || has(value, "commission_harm"))) kinds.push("scores", "gold");
  if (kinds.length === 0 && isFlagMap(value)) kinds.push("safety_colliding");
  return kinds;
}

/**
 * What a record looks like: the kind its keys show (the first when they
 * show several), with the telling keys it holds; `not_a_record` for a value
 * that is not a JSON object; `unknown` when its keys show no kind.
 */
export function describeRecordShape(value: unknown): RecordShape {
  if (!isObject(value)) return { kind: "not_a_record", is: typeName(value) };
  const [kind] = recordKinds(value);
  if (!kind) return { kind: "unknown" };
  if (kind === "safety_colliding") return { kind, keys: Object.keys(value).slice(0, 3) };
  return { kind, keys: MARKERS[kind].filter((key) => has(value, key)) };
}

/**
 * The one message for a file whose first record is of another kind than
 * `expected`, or is not a record at all; null when it could be of the kind
 * (or shows no kind: its field errors then say what is missing).
 */
export function wrongKindMessage(expected: ImportKind, value: unknown, studyId: string): string | null {
  const shape = describeRecordShape(value);
  if (shape.kind === "unknown" || recordKinds(value).includes(expected)) return null;
  if (shape.kind === "not_a_record") {
    // A safety-colliding map is one object; every other kind takes objects as records.
    return `This file does not hold records: its first record is ${shape.is}, where each record must be a JSON object${expected === "safety_colliding" ? " (the map is one object: scenario id → flags)" : ""}.`;
  }
  const keys = shape.keys.length > 0 ? ` (${shape.keys.join(", ")} …)` : "";
  return `This file looks like ${KIND_NOUNS[shape.kind]}${keys}, not ${KIND_NOUNS[expected]}; send it to POST /api/v1/studies/${studyId}/${IMPORT_PATHS[shape.kind]}.`;
}

/**
 * The records of one upload, refused as a whole (one 422, one problem) when
 * its first record is of another kind than `expected`.
 */
export async function* ofKind(
  expected: ImportKind,
  at: { studyId: string; file: string },
  records: AsyncGenerator<ParsedRecord[]>,
): AsyncGenerator<ParsedRecord[]> {
  let checked = false;
  for await (const batch of records) {
    const record = checked ? undefined : batch.find((r) => "value" in r);
    if (record && "value" in record) {
      checked = true;
      const message = wrongKindMessage(expected, record.value, at.studyId);
      if (message) {
        throw new AppError("invalid", `${message} Nothing was imported.`, [
          { file: at.file, line: record.line, record: record.record, ...(record.pointer ? { pointer: record.pointer } : {}), message },
        ]);
      }
    }
    yield batch;
  }
}
