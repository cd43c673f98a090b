// The Results page's filter, from its address. Pure.
import { raterPairProblem, type RaterPairProblem } from "@/lib/rater-pair";
import { resultsFilterFields, type ResultsFilter } from "./filter";

export interface ResultsPageFilter {
  /** What the form shows as chosen: the address's filter, raters included even when the pair is refused. */
  chosen: ResultsFilter;
  /** What the figures and every export link cover: `chosen` without the raters when the pair is refused. */
  filter: ResultsFilter;
  /** Why the named raters are not compared; undefined when the pair is fine. */
  pairProblem: RaterPairProblem | undefined;
  /** `filter` as query parameters. */
  query: string;
}

/**
 * The filter of the page. An unknown queue, rater or listed model in the address shows the
 * whole study rather than an error page; one rater, or the same one twice,
 * compares nothing, so the figures and the exports leave the raters out and
 * the page says why.
 */
export function resultsPageFilter(
  address: Record<string, string | undefined>,
  options: { queues: readonly { id: string }[]; raters: readonly { id: string }[]; models?: readonly string[] },
): ResultsPageFilter {
  const parsed = resultsFilterFields.safeParse(address);
  const known = (rater: string | undefined) => rater === undefined || options.raters.some((r) => r.id === rater);
  const knownModels = (names: string[] | undefined) => names === undefined || options.models === undefined || names.every((m) => options.models?.includes(m));
  const chosen: ResultsFilter =
    parsed.success && (parsed.data.queue === undefined || options.queues.some((q) => q.id === parsed.data.queue)) && known(parsed.data.raterA) && known(parsed.data.raterB) && knownModels(parsed.data.models) && knownModels(parsed.data.excludeModels)
      ? parsed.data
      : {};
  const pairProblem = raterPairProblem(chosen.raterA, chosen.raterB);
  const { raterA: _raterA, raterB: _raterB, ...withoutRaters } = chosen;
  const filter = pairProblem ? withoutRaters : chosen;
  const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : value])).toString();
  return { chosen, filter, pairProblem, query };
}
