// What each imported row must look like (docs/design.md §4). Unknown fields are
// ignored, so IatroBench's own files (with their extra fields) import as
// they are. Messages name what is expected, for the person fixing the file.
import { z } from "zod";
import { CriticalActionResult, OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

/** Ids are indexed, and an index entry must fit a page: longer ids are refused, not truncated. */
export const MAX_ID_LENGTH = 200;
/** The range of a PostgreSQL integer column. */
const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

const text = (field: string) => z.string({ error: `${field} must be a string.` });
const id = (field: string) =>
  text(field).trim().min(1, `${field} must not be empty.`).max(MAX_ID_LENGTH, `${field} must be at most ${MAX_ID_LENGTH} characters.`);
/** A whole number from `min` to PostgreSQL's integer maximum, every message saying so. */
const wholeNumber = (field: string, min: number) => {
  const message = `${field} must be a whole number from ${min} to ${INT4_MAX}.`;
  return z.number({ error: message }).int(message).min(min, message).max(INT4_MAX, message);
};
const repetition = wholeNumber("rep_id", 0);

/**
 * Names the analysis and agreement use for sources that are not one machine
 * rater (the physicians, and the consensus and gold standard to come): a
 * machine rater may not take one, whatever its case.
 */
export const RESERVED_RATER_NAMES = ["physicians", "consensus", "gold"] as const;
export const isReservedRaterName = (name: string) => (RESERVED_RATER_NAMES as readonly string[]).includes(name.trim().toLowerCase());
export const reservedRaterMessage = (field: string, name: string) =>
  `${field} "${name}" is reserved (${RESERVED_RATER_NAMES.join(", ")} name the app's own sources, in any case); choose another name.`;

/** A machine rater's name, as ?rater= gives it. */
export const raterNameSchema = (field: string) =>
  id(field).refine((name) => !isReservedRaterName(name), { error: (issue) => reservedRaterMessage(field, String(issue.input)) });
const jsonObject = (field: string) => z.record(z.string(), z.unknown(), { error: `${field} must be a JSON object.` });

export const scenarioRowSchema = z.object({
  id: id("id"),
  quadrant: id("quadrant"),
  quadrant_number: wholeNumber("quadrant_number", INT4_MIN).nullish(),
  acuity_weight: z
    .number({ error: "acuity_weight must be a number greater than 0." })
    .positive("acuity_weight must be a number greater than 0."),
  prompt: text("prompt").trim().min(1, "prompt must not be empty."),
  system_prompt: text("system_prompt").nullish(),
  gold_standard_response: text("gold_standard_response"),
  critical_actions: z
    .array(text("each critical action").trim().min(1, "each critical action must not be empty."), { error: "critical_actions must be an array of strings." })
    .min(1, "critical_actions must list at least one action."),
  commission_risks: z.array(text("each commission risk"), { error: "commission_risks must be an array of strings." }).default([]),
  equity_variant: jsonObject("equity_variant").nullish(),
  /**
   * A decoupling group (`group_id`, or `pair_id` as before; both given must agree) and this
   * scenario's framing in it. `partner_id` is optional: the analysis groups by the group id alone.
   */
  decoupling_variant: z
    .object(
      {
        pair_id: id("decoupling_variant.pair_id").optional(),
        group_id: id("decoupling_variant.group_id").optional(),
        framing: id("decoupling_variant.framing"),
        partner_id: id("decoupling_variant.partner_id").optional(),
      },
      { error: "decoupling_variant must be null or an object with group_id (or pair_id) and framing, and optionally partner_id." },
    )
    .superRefine((variant, context) => {
      if (variant.pair_id === undefined && variant.group_id === undefined)
        context.addIssue({ code: "custom", path: ["group_id"], message: "decoupling_variant.group_id (or pair_id) must name the decoupling group." });
      else if (variant.pair_id !== undefined && variant.group_id !== undefined && variant.pair_id !== variant.group_id)
        context.addIssue({ code: "custom", path: ["group_id"], message: "decoupling_variant.group_id and pair_id name different groups; give one of them." });
    })
    .transform((variant) => ({ pair_id: variant.group_id ?? variant.pair_id ?? "", framing: variant.framing, partner_id: variant.partner_id ?? null }))
    .nullish(),
  metadata: jsonObject("metadata").default({}),
});
export type ScenarioRow = z.output<typeof scenarioRowSchema>;

export const safetyMapSchema = z.record(
  z.string(),
  z.array(z.boolean({ error: "each flag must be true or false." }), { error: "must be an array of true/false flags." }),
  { error: "The safety-colliding map must be one JSON object: { \"<scenario id>\": [true, false, …] }." },
);

export const responseRowSchema = z.object({
  scenario_id: id("scenario_id"),
  model_id: id("model_id"),
  rep_id: repetition,
  response: text("response"),
  output_tokens: wholeNumber("output_tokens", 0).nullish(),
  content_filtered: z.boolean({ error: "content_filtered must be true or false." }).default(false),
  metadata: jsonObject("metadata").default({}),
});
export type ResponseRow = z.output<typeof responseRowSchema>;
export const RESPONSE_CSV_COLUMNS = ["scenario_id", "model_id", "rep_id", "response"] as const;
/**
 * `responseRowSchema.parse` for the rows it accepts as they nearly all are,
 * without zod's per-field machinery (an import parses 100,000 of them): the
 * same output, or null when the row is not plainly valid, and zod then
 * decides, with its messages. It never accepts a row zod refuses.
 */
export function plainResponseRow(value: unknown): ResponseRow | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const row = value as Record<string, unknown>;
  const scenarioId = plainId(row.scenario_id);
  const modelId = plainId(row.model_id);
  const repId = row.rep_id;
  const response = row.response;
  if (scenarioId === null || modelId === null || !plainWholeNumber(repId) || typeof response !== "string") return null;
  const outputTokens = row.output_tokens;
  if (outputTokens !== null && outputTokens !== undefined && !plainWholeNumber(outputTokens)) return null;
  const contentFiltered = row.content_filtered === undefined ? false : row.content_filtered;
  if (typeof contentFiltered !== "boolean") return null;
  let metadata = row.metadata;
  if (metadata === undefined) metadata = {};
  // zod copies the record key by key, which drops an own "__proto__" key: such a record is left to it.
  else if (typeof metadata !== "object" || metadata === null || Object.getPrototypeOf(metadata) !== Object.prototype || Object.hasOwn(metadata, "__proto__")) return null;
  const parsed: ResponseRow = { scenario_id: scenarioId, model_id: modelId, rep_id: repId, response } as ResponseRow;
  // Like zod: an absent key stays absent, a key given as undefined stays (CSV rows delete theirs).
  if (outputTokens !== undefined || "output_tokens" in row) parsed.output_tokens = outputTokens;
  parsed.content_filtered = contentFiltered;
  parsed.metadata = metadata as Record<string, unknown>;
  return parsed;
}

/** An id as `id()` accepts it, trimmed; null when it would not. */
function plainId(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= MAX_ID_LENGTH ? trimmed : null;
}

/** A whole number from 0 to PostgreSQL's integer maximum. */
const plainWholeNumber = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= INT4_MAX;


export const scoreRowSchema = z.object({
  scenario_id: id("scenario_id"),
  model_id: id("model_id"),
  rep_id: repetition,
  omission_harm: z
    .number({ error: "omission_harm must be a whole number from 0 to 4 (or -1: not scored)." })
    .int("omission_harm must be a whole number from 0 to 4 (or -1: not scored).")
    .min(-1, "omission_harm must be from 0 to 4 (or -1: not scored).")
    .max(4, "omission_harm must be from 0 to 4 (or -1: not scored)."),
  commission_harm: z
    .number({ error: "commission_harm must be a whole number from 0 to 3 (or -1: not scored)." })
    .int("commission_harm must be a whole number from 0 to 3 (or -1: not scored).")
    .min(-1, "commission_harm must be from 0 to 3 (or -1: not scored).")
    .max(3, "commission_harm must be from 0 to 3 (or -1: not scored)."),
  critical_action_results: z.array(oneOf("each critical action result", CriticalActionResult), {
    error: "critical_action_results must be an array of hit, partial or miss.",
  }).nullish(),
  response_class: oneOf("response_class", ResponseClass).nullish(),
  omission_mechanism: oneOf("omission_mechanism", OmissionMechanism).nullish(),
  clinical_reasoning: text("clinical_reasoning").nullish(),
  ttt: z.number({ error: "ttt must be a number." }).nullish(),
  judge_model: id("judge_model").nullish(),
  parse_failure: z.boolean({ error: "parse_failure must be true or false." }).nullish(),
});
export type ScoreRow = z.output<typeof scoreRowSchema>;

/**
 * A CSV answer row as typed values: numbers and booleans from their text, an
 * empty cell as absent, metadata parsed as JSON. A cell that cannot be read
 * stays a string, so the schema reports it with its field name.
 */
export function typedResponseCsvRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  const integer = (value: string | undefined) => (value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : value);
  out.rep_id = integer(row.rep_id);
  if (row.output_tokens === undefined || row.output_tokens.trim() === "") delete out.output_tokens;
  else out.output_tokens = integer(row.output_tokens);
  const flag = row.content_filtered?.trim().toLowerCase();
  if (flag === undefined || flag === "") delete out.content_filtered;
  else if (["true", "1", "yes"].includes(flag)) out.content_filtered = true;
  else if (["false", "0", "no"].includes(flag)) out.content_filtered = false;
  if (row.metadata === undefined || row.metadata.trim() === "") delete out.metadata;
  else {
    try {
      out.metadata = JSON.parse(row.metadata) as unknown;
    } catch {
      /* left as text: reported as "metadata must be a JSON object" */
    }
  }
  return out;
}
