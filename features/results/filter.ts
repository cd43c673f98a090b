// The filter of the results, as the address and the API take it. Pure.
import type { z } from "zod";
import { withRaterPairRule } from "@/lib/rater-pair";
import { resultsFilterFields } from "@/lib/results-filter";

/** Ratings given to an earlier text of a replaced answer are left out unless `earlierVersions=include`. */
export const resultsScopeSchema = withRaterPairRule(resultsFilterFields);
export type ResultsFilter = z.output<typeof resultsScopeSchema>;

export { resultsFilterFields, withRaterPairRule };
