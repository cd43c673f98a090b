// The filter of the results, as the address and the API take it. Pure.
import { z } from "zod";
import { earlierVersionsSchema } from "@/lib/answer-versions";
import { withRaterPairRule } from "@/lib/rater-pair";
import { modelList } from "@/lib/model-choice";

/** Which answers the results cover: a study, optionally one queue's answers, filtered (without the rater-pair rule; see resultsScopeSchema). */
export const resultsScopeFields = z.object({
  queue: z.string().trim().min(1).optional(),
  model: z.string().trim().min(1).optional(),
  /** The models to cover (default all); `excludeModels` then leaves some out. A model the study lacks is a 422. */
  models: modelList("models"),
  excludeModels: modelList("excludeModels"),
  category: z.string().trim().min(1).optional(),
  /** A decoupling framing (layperson, physician), or "none" for scenarios outside any pair. */
  framing: z.string().trim().min(1).optional(),
  /** Two raters to compare on the answers both rated, each by id or name (see raters.ts). */
  raterA: z.string().trim().min(1).optional(),
  raterB: z.string().trim().min(1).optional(),
  /** Ratings given to an earlier text of a replaced answer: left out unless "include". */
  earlierVersions: earlierVersionsSchema,
});

export const resultsScopeSchema = withRaterPairRule(resultsScopeFields);
export type ResultsFilter = z.output<typeof resultsScopeSchema>;

export { withRaterPairRule };
