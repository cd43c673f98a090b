// Content hashes of imported rows, for "unchanged" on re-import. Rows of a
// fixed shape are serialised in a fixed field order (far cheaper than the
// general canonical form on 100,000 rows); only free-form objects are sorted.
import { hash } from "node:crypto";
import { canonicalJson, contentHash } from "@/lib/content-hash";
import type { ResponseRow, ScenarioRow, ScoreRow } from "./schemas";

const sha256 = (text: string) => hash("sha256", text);

/** Scenarios are few and free-form: the general canonical form of the validated row. */
export function scenarioContentHash(row: ScenarioRow): string {
  return contentHash(row);
}

// What JSON.stringify escapes in a string: a string without any is written as itself in quotes.
// eslint-disable-next-line no-control-regex -- JSON escapes the control characters U+0000–U+001F
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Whether JSON.stringify would escape anything in `text`. A text without
 * holds no backslash, tab, newline or carriage return either, so it needs no
 * escape in COPY's text format: one scan of an answer's text serves both.
 */
export const escapedInJson = (text: string) => ESCAPED_IN_JSON.test(text);

/**
 * sha256 of `JSON.stringify([scenario_id, model_id, rep_id, response,
 * output_tokens, content_filtered]) + canonical metadata`, built without
 * JSON-encoding the answer's text (nearly all of the bytes) unless JSON
 * would escape something in it, and hashed in one call (a hash object fed
 * in pieces costs more per row). `escaped` is `escapedInJson(row.response)`,
 * when the caller has it already.
 */
export function responseContentHash(row: ResponseRow, escaped = escapedInJson(row.response)): string {
  const head = JSON.stringify([row.scenario_id, row.model_id, row.rep_id]);
  const response = escaped ? JSON.stringify(row.response) : `"${row.response}"`;
  return hash("sha256", `${head.slice(0, -1)},${response},${JSON.stringify(row.output_tokens ?? null)},${JSON.stringify(row.content_filtered)}]${canonicalMetadata(row.metadata)}`);
}

/**
 * `canonicalJson` of parsed JSON, without rebuilding every object when its
 * keys are already in order (as metadata nearly always is): then plain
 * JSON.stringify writes the same text.
 */
function canonicalMetadata(value: Record<string, unknown>): string {
  return inCanonicalOrder(value) ? JSON.stringify(value) : canonicalJson(value);
}

/** Whether every object in the value lists its keys in the order canonicalJson sorts them to. */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return (value as unknown[]).every(inCanonicalOrder);
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) if (!((keys[i - 1] ?? "") < (keys[i] ?? ""))) return false;
  return keys.every((key) => inCanonicalOrder((value as Record<string, unknown>)[key]));
}

/** What is kept of a machine score beyond the instrument's own fields. */
export function scoreExtra(row: ScoreRow): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (row.ttt !== undefined && row.ttt !== null) extra.ttt = row.ttt;
  if (row.judge_model) extra.judge_model = row.judge_model;
  if (row.parse_failure !== undefined && row.parse_failure !== null) extra.parse_failure = row.parse_failure;
  return extra;
}

export function scoreContentHash(row: ScoreRow): string {
  return sha256(
    JSON.stringify([
      row.omission_harm,
      row.commission_harm,
      row.critical_action_results ?? null,
      row.response_class ?? null,
      row.omission_mechanism ?? null,
      row.clinical_reasoning ?? null,
    ]) + canonicalJson(scoreExtra(row)),
  );
}
