import { z } from "zod";
import { DRIFT_SLICINGS, type DriftSlicing } from "@/lib/stats/drift";

/** The largest block of ratings a slice may hold. */
export const MAX_BLOCK_SIZE = 10_000;

export const DRIFT_SLICING_LABELS: Record<(typeof DRIFT_SLICINGS)[number], string> = {
  week: "By week (UTC, from Monday)",
  day: "By day (UTC)",
  ratings: "By blocks of ratings given",
};

/**
 * The drift's parameters, on the API and the page alike: `by` (default week),
 * `size` (the block size, with `by=ratings` only, and required there),
 * `rater` (a physician's id, email or name; absent: every physician). Any
 * other parameter is refused by name.
 */
export const driftQuerySchema = z
  .strictObject({
    by: z.enum(DRIFT_SLICINGS, { error: `by must be one of ${DRIFT_SLICINGS.join(", ")}.` }).default("week"),
    size: z
      .string()
      .trim()
      .regex(/^[0-9]+$/, { error: "size must be a whole number of ratings." })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: "size must be at least 1." }).max(MAX_BLOCK_SIZE, { error: `size must be at most ${MAX_BLOCK_SIZE}.` }))
      .optional(),
    rater: z.string().trim().min(1, { error: "rater must name a physician." }).optional(),
  })
  .superRefine((query, context) => {
    if (query.by === "ratings" && query.size === undefined) context.addIssue({ code: "custom", path: ["size"], message: "size (ratings per block) is required with by=ratings." });
    if (query.by !== "ratings" && query.size !== undefined) context.addIssue({ code: "custom", path: ["size"], message: "size is taken only with by=ratings." });
  });
export type DriftQuery = z.output<typeof driftQuerySchema>;

export function driftSlicing(query: DriftQuery): DriftSlicing {
  return query.by === "ratings" ? { by: "ratings", size: query.size ?? 1 } : { by: query.by };
}
