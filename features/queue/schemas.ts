import { z } from "zod";
import { AdjudicationMode } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

const share = (what: string) =>
  z.number({ error: `${what} must be a number (a fraction: 0.05 is 5%).` }).gt(0, `${what} must be above 0%.`).max(1, `${what} must be at most 100% (1).`);

/** The rater-quality settings of a queue: adjudication of disagreements, gold items, test–retest. */
const qualitySettings = {
  adjudication: z
    .strictObject({
      threshold: z
        .number({ error: "The adjudication threshold must be a whole number of points from 1 to 4." })
        .int("The adjudication threshold must be a whole number of points from 1 to 4.")
        .min(1, "The adjudication threshold must be at least 1 point.")
        .max(4, "The adjudication threshold must be at most 4 points.")
        .default(2),
      mode: oneOf("adjudication.mode", AdjudicationMode).default("independent"),
      actions: z.boolean({ error: "Whether a hit against a miss on a critical action needs adjudication must be true or false." }).default(false),
      adjudicators: z.array(z.email({ error: "Each adjudicator must be an email address." }), { error: "The adjudicators must be a list of email addresses." }).optional(),
    })
    .optional(),
  gold: z.strictObject({ rate: share("The gold rate") }).optional(),
  retest: z
    .strictObject({
      share: share("The retest share"),
      minHours: z
        .number({ error: "The retest delay must be a whole number of hours." })
        .int("The retest delay must be a whole number of hours.")
        .min(0, "The retest delay cannot be negative.")
        .max(24 * 365, "The retest delay must be at most a year.")
        .default(24),
    })
    .optional(),
};

// Messages name what the reader sees (a queue's name, ratings per answer), not the
// API's field names: the same text is shown beside the form's fields, and the
// API's error details carry the field.
export const newQueueSchema = z.object({
  name: z.string({ error: "Enter a queue name." }).trim().min(1, "Enter a queue name.").max(200, "The queue name must be at most 200 characters."),
  ratingsPerItem: z
    .number({ error: "Ratings per answer must be a whole number from 1 to 10." })
    .int("Ratings per answer must be a whole number from 1 to 10.")
    .min(1, "Ratings per answer must be at least 1.")
    .max(10, "Ratings per answer must be at most 10.")
    .default(2),
  raters: z.array(z.email({ error: "Each rater must be an email address." }), { error: "The raters must be a list of email addresses." }).min(1, "Name at least one rater."),
  leaseMinutes: z
    .number({ error: "The lease must be a whole number of minutes from 1 to 1440." })
    .int("The lease must be a whole number of minutes from 1 to 1440.")
    .min(1, "The lease must be at least 1 minute.")
    .max(24 * 60, "The lease must be at most 1440 minutes (a day).")
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
      size: z.number({ error: "The sample size must be a whole number." }).int().min(1, "The sample size must be at least 1."),
      seed: z.union([z.string().trim().min(1, "The seed must not be empty.").max(100, "The seed must be at most 100 characters."), z.number().int()], { error: "The seed must be a text or a whole number." }).transform(String),
      oversample: z
        .object({
          rater: z.string({ error: "Oversampling must name a machine rater." }).min(1),
          share: z.number({ error: "The oversampled share must be a number (a fraction: 0.5 is 50%)." }).gt(0, "The oversampled share must be above 0%.").max(1, "The oversampled share must be at most 100% (1)."),
        })
        .optional(),
    })
    .optional(),
  ...qualitySettings,
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
