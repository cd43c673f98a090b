import { z } from "zod";
import { CriticalActionResult, OmissionMechanism, ResponseClass } from "@/lib/db/generated/enums";
import { oneOf } from "@/lib/enum-schema";

/** A select left on "—" sends an empty string: not given. */
const blankAsNull = (v: unknown) => (v === "" || v === undefined ? null : v);
/** Select fields sent once or more: a list (formValues gives one value as a string). */
const listOf = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]);

const wholeIn = (field: string, label: string, max: number) =>
  z.coerce
    .number({ error: `Choose the ${label} (0 to ${max}).` })
    .int(`Choose the ${label} (0 to ${max}).`)
    .min(0, `Choose the ${label} (0 to ${max}).`)
    .max(max, `Choose the ${label} (0 to ${max}).`)
    .describe(field);

/**
 * The answer page's gold-score form: omission and commission harm on the
 * instrument's scales (no -1), the critical actions' results (all or none),
 * and optionally the response class, omission mechanism and reasoning.
 */
export const goldFormSchema = z
  .object({
    studyId: z.uuid({ error: "The study was not found." }),
    answerId: z.uuid({ error: "The answer was not found." }),
    omissionHarm: z.preprocess((v) => (v === "" ? undefined : v), wholeIn("omissionHarm", "omission harm", 4)),
    commissionHarm: z.preprocess((v) => (v === "" ? undefined : v), wholeIn("commissionHarm", "commission harm", 3)),
    criticalActionResults: z.preprocess(listOf, z.array(z.union([z.literal(""), oneOf("Each critical action", CriticalActionResult)]))),
    responseClass: z.preprocess(blankAsNull, oneOf("The response class", ResponseClass).nullable()),
    omissionMechanism: z.preprocess(blankAsNull, oneOf("The omission mechanism", OmissionMechanism).nullable()),
    reasoning: z.preprocess(blankAsNull, z.string().trim().max(20_000, "The reasoning must be at most 20,000 characters.").nullable()),
  })
  .superRefine((form, ctx) => {
    const given = form.criticalActionResults.filter((r) => r !== "").length;
    if (given > 0 && given < form.criticalActionResults.length) {
      ctx.addIssue({ code: "custom", path: ["criticalActionResults"], message: "Give a result for every critical action, or for none." });
    }
  });
export type GoldForm = z.output<typeof goldFormSchema>;

export const clearGoldSchema = z.object({
  studyId: z.uuid({ error: "The study was not found." }),
  answerId: z.uuid({ error: "The answer was not found." }),
});

/** The flag rule's settings on the Gold and retest page; a value out of range falls back to the stated default. */
export const flagSettingsSchema = z.object({
  threshold: z.coerce.number().min(-1).max(1).catch(0.6).default(0.6),
  minItems: z.coerce.number().int().min(1).max(10_000).catch(5).default(5),
});
