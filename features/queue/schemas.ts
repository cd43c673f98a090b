import { z } from "zod";
import { CRITICAL_ACTION_RESULTS, OMISSION_MECHANISMS, RESPONSE_CLASSES } from "@/features/import/schemas";

export const newQueueSchema = z.object({
  name: z.string({ error: "name is required (a string)." }).trim().min(1, "Enter a queue name.").max(200, "name must be at most 200 characters."),
  ratingsPerItem: z
    .number({ error: "ratingsPerItem must be a whole number from 1 to 10." })
    .int("ratingsPerItem must be a whole number from 1 to 10.")
    .min(1, "ratingsPerItem must be at least 1.")
    .max(10, "ratingsPerItem must be at most 10.")
    .default(2),
  raters: z.array(z.email({ error: "Each rater must be an email address." }), { error: "raters must be a list of emails." }).min(1, "Name at least one rater."),
  leaseMinutes: z
    .number({ error: "leaseMinutes must be a whole number from 1 to 1440." })
    .int("leaseMinutes must be a whole number from 1 to 1440.")
    .min(1, "leaseMinutes must be at least 1.")
    .max(24 * 60, "leaseMinutes must be at most 1440 (a day).")
    .default(30),
  filter: z
    .object({
      models: z.array(z.string().min(1)).optional(),
      categories: z.array(z.string().min(1)).optional(),
      scenarios: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  sample: z
    .object({
      size: z.number({ error: "sample.size must be a whole number." }).int().min(1, "sample.size must be at least 1."),
      seed: z.union([z.string().trim().min(1, "sample.seed must not be empty.").max(100, "sample.seed must be at most 100 characters."), z.number().int()], { error: "sample.seed must be a text or a whole number." }).transform(String),
      oversample: z
        .object({
          rater: z.string({ error: "sample.oversample.rater must name a machine rater." }).min(1),
          share: z.number({ error: "sample.oversample.share must be a number." }).gt(0, "sample.oversample.share must be above 0.").max(1, "sample.oversample.share must be at most 1."),
        })
        .optional(),
    })
    .optional(),
});
export type NewQueue = z.input<typeof newQueueSchema>;

/** The physician's instrument (DESIGN §3): everything required, no -1. */
export const physicianRatingSchema = z.object({
  omission_harm: z.number({ error: "omission_harm must be a whole number from 0 to 4." }).int().min(0, "omission_harm must be from 0 to 4.").max(4, "omission_harm must be from 0 to 4."),
  commission_harm: z.number({ error: "commission_harm must be a whole number from 0 to 3." }).int().min(0, "commission_harm must be from 0 to 3.").max(3, "commission_harm must be from 0 to 3."),
  critical_action_results: z.array(z.enum(CRITICAL_ACTION_RESULTS, { error: "each critical action result must be hit, partial or miss." })),
  response_class: z.enum(RESPONSE_CLASSES, { error: `response_class must be one of: ${RESPONSE_CLASSES.join(", ")}.` }),
  omission_mechanism: z.enum(OMISSION_MECHANISMS, { error: `omission_mechanism must be one of: ${OMISSION_MECHANISMS.join(", ")}.` }),
  reasoning: z.string({ error: "reasoning is required." }).trim().min(1, "Give your reasoning in a sentence or two.").max(5000, "reasoning must be at most 5000 characters."),
});
export type PhysicianRating = z.output<typeof physicianRatingSchema>;

export const skipSchema = z.object({
  reason: z.string({ error: "Give a reason for skipping." }).trim().min(1, "Give a reason for skipping.").max(1000, "reason must be at most 1000 characters."),
});
