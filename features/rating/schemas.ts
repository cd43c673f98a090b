import { z } from "zod";
import { CriticalActionResult, OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

/** The longest reason for changing a rating the server takes. */
export const CHANGE_REASON_MAX = 500;

/** A physician's rating: every field required, and no -1 (a machine's "not scored"). */
export const physicianRatingSchema = z.object({
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
