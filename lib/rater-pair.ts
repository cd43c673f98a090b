// The rule for naming two raters to compare (raterA, raterB), shared by every
// query that takes a pair: the results, the agreement and the ratings export. Pure.
import type { z } from "zod";

export interface RaterPairProblem {
  field: "raterA" | "raterB";
  message: string;
}

/**
 * Two raters are compared only when both are named and they differ: one side
 * alone has nothing to agree with, and a rater always agrees with itself.
 * Undefined when the pair is fine (both named and different, or neither).
 */
export function raterPairProblem(raterA: string | undefined, raterB: string | undefined): RaterPairProblem | undefined {
  if (raterA === undefined && raterB === undefined) return undefined;
  if (raterA === undefined) return { field: "raterA", message: "Choose the first rater (raterA) as well, or neither for the pooled physician pairs." };
  if (raterB === undefined) return { field: "raterB", message: "Choose the second rater (raterB) as well, or neither for the pooled physician pairs." };
  if (raterA === raterB) return sameRater;
  return undefined;
}

export const sameRater: RaterPairProblem = { field: "raterB", message: "Choose two different raters: raterA and raterB name the same rater." };

/** Adds the rater-pair rule (both raters or neither, and two different ones) to a schema with raterA and raterB. */
export const withRaterPairRule = <T extends z.ZodType<{ raterA?: string | undefined; raterB?: string | undefined }>>(schema: T) =>
  schema.superRefine((q, ctx) => {
    const problem = raterPairProblem(q.raterA, q.raterB);
    if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
