import { z } from "zod";
import { CannotAssessReason, CriticalActionResult, OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

/** The longest reason for changing a rating the server takes. */
export const CHANGE_REASON_MAX = 500;

/**
 * Seconds the rater's tab was hidden while they held the answer (optional, ≥ 0): taken off the
 * time from claim to first submission to give the active time on task. The server clamps it to
 * the time elapsed.
 */
const hiddenSeconds = z
  .number({ error: "hidden_seconds must be a number of seconds, 0 or more." })
  .min(0, "hidden_seconds must be a number of seconds, 0 or more.")
  .optional();

/** A physician's rating: every field required, and no -1 (a machine's "not scored"). */
export const physicianRatingSchema = z.object({
  hidden_seconds: hiddenSeconds,
  omission_harm: z.number({ error: "omission_harm must be a whole number from 0 to 4." }).int().min(0, "omission_harm must be from 0 to 4.").max(4, "omission_harm must be from 0 to 4."),
  commission_harm: z.number({ error: "commission_harm must be a whole number from 0 to 3." }).int().min(0, "commission_harm must be from 0 to 3.").max(3, "commission_harm must be from 0 to 3."),
  critical_action_results: z.array(z.enum(CriticalActionResult, { error: "each critical action result must be hit, partial or miss." })),
  response_class: oneOf("response_class", ResponseClass),
  omission_mechanism: oneOf("omission_mechanism", OmissionMechanism),
  reasoning: z.string({ error: "reasoning is required." }).trim().min(1, "Give your reasoning in a sentence or two.").max(5000, "reasoning must be at most 5000 characters."),
  /**
   * Why an earlier rating is being changed: optional, kept with the version it
   * replaces. Only an edit takes one; a first rating sent with one is refused
   * (422 naming the field, in submitRating). Blank is the same as none.
   */
  change_reason: z
    .string({ error: "change_reason must be text." })
    .trim()
    .max(CHANGE_REASON_MAX, `change_reason must be at most ${CHANGE_REASON_MAX} characters.`)
    .transform((reason) => reason || undefined)
    .optional(),
});
export type PhysicianRating = z.output<typeof physicianRatingSchema>;

export const skipSchema = z.object({
  reason: z.string({ error: "Give a reason for skipping." }).trim().min(1, "Give a reason for skipping.").max(1000, "reason must be at most 1000 characters."),
});
export type SkipRequest = z.output<typeof skipSchema>;

/**
 * "I cannot assess this answer", with a reason: strict, so a body that also sends scores (or
 * anything else) is a 422 naming each extra field. It is no rating: nothing is written to ratings.
 */
export const cannotAssessSchema = z.strictObject({
  cannot_assess: z.strictObject({ reason: oneOf("cannot_assess.reason", CannotAssessReason) }, { error: "cannot_assess must be an object with a reason." }),
  hidden_seconds: hiddenSeconds,
});
export type CannotAssessRequest = z.output<typeof cannotAssessSchema>;

/** The rating route's body: a rating, or (when it holds the key `cannot_assess`) an abstention. */
export const ratingBodySchema = z.unknown().transform((body, ctx) => {
  const schema = typeof body === "object" && body !== null && "cannot_assess" in body ? cannotAssessSchema : physicianRatingSchema;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});
export type RatingBody = z.output<typeof ratingBodySchema>;
export const isCannotAssess = (body: RatingBody): body is CannotAssessRequest => "cannot_assess" in body;
