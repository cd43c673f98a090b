import { z } from "zod";

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
/** A validated queue definition (newQueueSchema applied). */
export type NewQueue = z.output<typeof newQueueSchema>;

/** The body of POST /api/v1/queues/{id}/raters: the email of an active rater to add to the pool. */
export const addRaterSchema = z.strictObject({
  email: z.email({ error: "email must be the email address of an active rater." }).max(320, "email must be at most 320 characters."),
});
export type AddRater = z.output<typeof addRaterSchema>;

/** The path of DELETE /api/v1/queues/{id}/raters/{userId}. */
export const queueRaterParams = z.object({ id: z.uuid(), userId: z.uuid() });
