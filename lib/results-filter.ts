// The Results page's filter, as its address, the results API and the ratings export take it. Pure.
import { z } from "zod";
import { earlierVersionsSchema } from "@/lib/answer-versions";
import { modelList } from "@/lib/model-choice";

/** Which answers (and ratings) a view covers: optionally one queue's answers, filtered; without the rater-pair rule (lib/rater-pair.ts). */
export const resultsFilterFields = z.object({
  queue: z.string().trim().min(1).optional(),
  model: z.string().trim().min(1).optional(),
  /** The models to cover (default all); `excludeModels` then leaves some out. A model the study lacks is a 422. */
  models: modelList("models"),
  excludeModels: modelList("excludeModels"),
  category: z.string().trim().min(1).optional(),
  /** A decoupling framing (layperson, physician), or "none" for scenarios outside any pair. */
  framing: z.string().trim().min(1).optional(),
  /** Two raters to compare on the answers both rated, each by id or name. */
  raterA: z.string().trim().min(1).optional(),
  raterB: z.string().trim().min(1).optional(),
  /** Ratings given to an earlier text of a replaced answer (each view says what absent means). */
  earlierVersions: earlierVersionsSchema,
});
export type ResultsFilterFields = z.output<typeof resultsFilterFields>;
