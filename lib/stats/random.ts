// A small seeded generator, so that a bootstrap interval is reproducible, and
// exact samplers of the discrete laws the resampling procedures draw from.

/** mulberry32: a fast 32-bit generator with a good spread for simulation. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** log(k!) for k = 0, 1, …: a running sum of log(i), extended on demand. */
const logFactorials: number[] = [0];
export function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i++) logFactorials.push((logFactorials[i - 1] ?? 0) + Math.log(i));
  return logFactorials[k] ?? 0;
}

/**
 * Inversion of a discrete law on lo..hi, visiting the support from the mode
 * outwards (mode, mode+1, mode−1, mode+2, mode−2, …) with the probabilities
 * obtained from the mode's by the ratios of consecutive ones. One uniform per
 * draw; the expected number of steps is of the order of the standard
 * deviation, not of n. Any fixed visiting order gives the exact law; should
 * rounding leave the uniform unspent after the whole support, the mode.
 */
function invertFromMode(
  lo: number,
  hi: number,
  mode: number,
  modeProbability: number,
  up: (k: number) => number,
  down: (k: number) => number,
  random: () => number,
): number {
  let u = random() - modeProbability;
  if (u < 0) return mode;
  let [upK, upP, downK, downP] = [mode, modeProbability, mode, modeProbability];
  while (upK < hi || downK > lo) {
    if (upK < hi) {
      upP *= up(upK);
      upK++;
      u -= upP;
      if (u < 0) return upK;
    }
    if (downK > lo) {
      downP *= down(downK);
      downK--;
      u -= downP;
      if (u < 0) return downK;
    }
  }
  return mode;
}

/** An exact Binomial(n, p) draw (inversion from the mode: O(√(np(1−p))) steps, one uniform). */
export function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logP = mode * Math.log(p) + (n - mode) * Math.log1p(-p);
  const probability = Math.exp(logFactorial(n) - logFactorial(mode) - logFactorial(n - mode) + logP);
  const odds = p / (1 - p);
  return invertFromMode(
    0,
    n,
    mode,
    probability,
    (k) => ((n - k) / (k + 1)) * odds,
    (k) => k / (n - k + 1) / odds,
    random,
  );
}

/**
 * An exact hypergeometric draw: how many of `successes` marked items among
 * `population` land in `draws` items taken without replacement (inversion
 * from the mode, one uniform).
 */
export function hypergeometric(population: number, successes: number, draws: number, random: () => number): number {
  const failures = population - successes;
  const lo = Math.max(0, draws - failures);
  const hi = Math.min(draws, successes);
  if (lo >= hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (successes + 1)) / (population + 2))));
  const logProbability =
    logFactorial(successes) - logFactorial(mode) - logFactorial(successes - mode) +
    logFactorial(failures) - logFactorial(draws - mode) - logFactorial(failures - draws + mode) -
    (logFactorial(population) - logFactorial(draws) - logFactorial(population - draws));
  return invertFromMode(
    lo,
    hi,
    mode,
    Math.exp(logProbability),
    (k) => ((successes - k) * (draws - k)) / ((k + 1) * (failures - draws + k + 1)),
    (k) => (k * (failures - draws + k)) / ((successes - k + 1) * (draws - k + 1)),
    random,
  );
}

/** Counts of `n` draws over categories with the given weights (a multinomial draw, one binomial per category). */
export function multinomial(n: number, weights: readonly number[], random: () => number): number[] {
  let remainingWeight = weights.reduce((s, w) => s + w, 0);
  let remaining = n;
  return weights.map((w) => {
    if (remaining === 0 || remainingWeight <= 0) return 0;
    const count = binomial(remaining, Math.min(1, w / remainingWeight), random);
    remaining -= count;
    remainingWeight -= w;
    return count;
  });
}

/**
 * How many of `draws` items taken without replacement come from each
 * category holding `counts[i]` items (a multivariate hypergeometric draw, one
 * hypergeometric per category).
 */
export function multivariateHypergeometric(counts: readonly number[], draws: number, random: () => number): number[] {
  let population = counts.reduce((s, c) => s + c, 0);
  let remaining = draws;
  return counts.map((c) => {
    if (remaining === 0) {
      population -= c;
      return 0;
    }
    const count = hypergeometric(population, c, remaining, random);
    population -= c;
    remaining -= count;
    return count;
  });
}
