import { describe, expect, it } from "vitest";
import { STATS } from "@/tests/reference/stats-reference";
import { confusionMatrix, type Pair } from "./agreement";
import { bootstrapInterval, bootstrapMeanGapInterval, bootstrapMeanInterval, DEFAULT_RESAMPLES } from "./bootstrap";
import { quantile } from "./descriptive";
import { binomial, hypergeometric, logFactorial, multinomial, multivariateHypergeometric, seededRandom } from "./random";
import { agreement } from "./summary";

const pairs: Pair[] = Array.from({ length: 200 }, (_, i) => [i % 4, i % 7 < 3 ? i % 4 : (i + 1) % 4]);

describe("bootstrap intervals", () => {
  it("are reproducible for a seed and change with it", () => {
    const a = agreement(pairs, 4, { seed: 1 });
    expect(agreement(pairs, 4, { seed: 1 }).ci95).toEqual(a.ci95);
    expect(agreement(pairs, 4, { seed: 2 }).ci95.kappa).not.toEqual(a.ci95.kappa);
  });

  it("bracket each point estimate", () => {
    const figures = agreement(pairs, 4);
    for (const name of ["exact", "within1", "kappa", "kappa_linear", "kappa_quadratic", "gwet_ac1", "alpha_ordinal", "mean_diff"] as const) {
      const ci = figures.ci95[name];
      const point = figures[name];
      expect(ci, name).not.toBeNull();
      expect(point).not.toBeNull();
      expect(ci?.[0]).toBeLessThanOrEqual(point ?? Number.NaN);
      expect(ci?.[1]).toBeGreaterThanOrEqual(point ?? Number.NaN);
    }
  });

  it("match the binomial interval for exact agreement on many pairs", () => {
    // For a proportion the bootstrap interval converges to p ± 1.96·sqrt(p(1−p)/n).
    const many: Pair[] = Array.from({ length: 5000 }, (_, i) => [i % 3, i % 10 < 6 ? i % 3 : (i + 1) % 3]);
    const figures = agreement(many, 3);
    const p = figures.exact ?? 0;
    const half = 1.96 * Math.sqrt((p * (1 - p)) / 5000);
    expect(figures.ci95.exact?.[0]).toBeCloseTo(p - half, 2);
    expect(figures.ci95.exact?.[1]).toBeCloseTo(p + half, 2);
  });
});

describe("sampling", () => {
  it("draws multinomial counts that sum to n with the right means, small and large", () => {
    const random = seededRandom(42);
    for (const n of [20, 100_000]) {
      const weights = [0.5, 0.3, 0.15, 0.05];
      const sums = [0, 0, 0, 0];
      const rounds = n < 1000 ? 20_000 : 400;
      for (let r = 0; r < rounds; r++) {
        const counts = multinomial(n, weights, random);
        expect(counts.reduce((s, c) => s + c, 0)).toBe(n);
        counts.forEach((c, i) => (sums[i] = (sums[i] ?? 0) + c));
      }
      sums.forEach((sum, i) => expect(sum / rounds / n).toBeCloseTo(weights[i] ?? 0, 2));
    }
  });

  it.each([
    [40, 0.3],
    [36_000, 0.62],
    [120_000, 0.999],
  ])("draws Binomial(%i, %f) with the exact probabilities: observed frequencies against the pmf", (n, p) => {
    const random = seededRandom(7);
    const rounds = 40_000;
    const seen = new Map<number, number>();
    for (let r = 0; r < rounds; r++) {
      const k = binomial(n, p, random);
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    const pmf = (k: number) => Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    let chiSquare = 0;
    let cells = 0;
    let expectedElsewhere = 1;
    let seenElsewhere = rounds;
    const mode = Math.floor((n + 1) * p);
    for (let k = Math.max(0, mode - 400); k <= Math.min(n, mode + 400); k++) {
      const expected = pmf(k) * rounds;
      if (expected < 20) continue;
      const observed = seen.get(k) ?? 0;
      chiSquare += (observed - expected) ** 2 / expected;
      cells++;
      expectedElsewhere -= pmf(k);
      seenElsewhere -= observed;
    }
    chiSquare += (seenElsewhere - expectedElsewhere * rounds) ** 2 / Math.max(1, expectedElsewhere * rounds);
    // χ² with `cells` degrees of freedom: mean `cells`, sd √(2·cells); a normal approximation would fail this at these n.
    expect(chiSquare).toBeLessThan(cells + 5 * Math.sqrt(2 * cells));
  });

  it("draws hypergeometric counts with the exact probabilities, and multivariate ones that sum to the draws", () => {
    const random = seededRandom(11);
    const [population, successes, draws, rounds] = [30, 12, 10, 40_000];
    const seen = new Array<number>(draws + 1).fill(0);
    for (let r = 0; r < rounds; r++) {
      const k = hypergeometric(population, successes, draws, random);
      seen[k] = (seen[k] ?? 0) + 1;
    }
    const choose = (n: number, k: number) => Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k));
    let chiSquare = 0;
    let cells = 0;
    for (let k = 0; k <= draws; k++) {
      const expected = ((choose(successes, k) * choose(population - successes, draws - k)) / choose(population, draws)) * rounds;
      if (expected < 5) continue;
      chiSquare += ((seen[k] ?? 0) - expected) ** 2 / expected;
      cells++;
    }
    expect(chiSquare).toBeLessThan(cells + 5 * Math.sqrt(2 * cells));
    const counts = [5, 0, 9, 3, 20];
    const sums = [0, 0, 0, 0, 0];
    for (let r = 0; r < 4000; r++) {
      const drawn = multivariateHypergeometric(counts, 17, random);
      expect(drawn.reduce((s, c) => s + c, 0)).toBe(17);
      drawn.forEach((c, i) => {
        expect(c).toBeLessThanOrEqual(counts[i] ?? 0);
        sums[i] = (sums[i] ?? 0) + c;
      });
    }
    // E[count_i] = draws · counts_i / total.
    sums.forEach((sum, i) => expect(sum / 4000).toBeCloseTo((17 * (counts[i] ?? 0)) / 37, 1));
    expect(multivariateHypergeometric(counts, 37, random)).toEqual(counts);
  });

  it("gives a confusion matrix's cells back when one cell holds everything", () => {
    const m = confusionMatrix([[1, 2], [1, 2]], 3);
    expect(multinomial(2, m.flat(), seededRandom(1))).toEqual(m.flat());
  });

  it("interpolates quantiles like R's type 7", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.975)).toBeCloseTo(19.75, 10);
  });
});

describe("bootstrap intervals of a mean and of a mean gap", () => {
  it.each(STATS.bootstrap)("$name ($resamples resamples, seed $seed): the reference's interval, and scipy's within Monte Carlo error", (c) => {
    const ci = bootstrapMeanInterval(c.values, { resamples: c.resamples, seed: c.seed });
    expect(ci?.[0]).toBeCloseTo(c.ci95[0], 12);
    expect(ci?.[1]).toBeCloseTo(c.ci95[1], 12);
    expect(ci?.[0]).toBeLessThanOrEqual(c.mean);
    expect(ci?.[1]).toBeGreaterThanOrEqual(c.mean);
    if (c.scipy_percentile_ci95 !== null && c.values.length >= 20) {
      const [low, high] = c.scipy_percentile_ci95;
      expect(Math.abs((ci?.[0] ?? 0) - low)).toBeLessThan(0.1 * (high - low));
      expect(Math.abs((ci?.[1] ?? 0) - high)).toBeLessThan(0.1 * (high - low));
    }
  });

  it("resamples pairs for a gap: the interval of mean(first − second) is that of the gaps' mean, value by value, and within Monte Carlo error of the counts' draw", () => {
    const gaps = STATS.bootstrap.find((c) => c.name === "gaps of 22 pairs")?.values ?? [];
    const pairs = gaps.map((gap, i) => ({ first: gap + i, second: i }));
    const ci = bootstrapMeanGapInterval(pairs);
    const direct = bootstrapInterval(gaps, (resample) => resample.reduce((s, v) => s + v, 0) / resample.length);
    expect(ci?.[0]).toBeCloseTo(direct?.[0] ?? Number.NaN, 12);
    expect(ci?.[1]).toBeCloseTo(direct?.[1] ?? Number.NaN, 12);
    // The same bootstrap drawn as counts of each distinct value: another draw of the same law.
    const counted = bootstrapMeanInterval(gaps, { resamples: 20_000 });
    const width = (ci?.[1] ?? 0) - (ci?.[0] ?? 0);
    expect(Math.abs((counted?.[0] ?? 0) - (ci?.[0] ?? 0))).toBeLessThan(0.1 * width);
    expect(Math.abs((counted?.[1] ?? 0) - (ci?.[1] ?? 0))).toBeLessThan(0.1 * width);
  });

  it("defaults to 2,000 seeded resamples, is null on no values, and drops non-finite values", () => {
    expect(DEFAULT_RESAMPLES).toBeGreaterThanOrEqual(2000);
    const values = [1, 2, 2.5, 4, 0];
    expect(bootstrapMeanInterval(values)).toEqual(bootstrapMeanInterval(values, { resamples: DEFAULT_RESAMPLES }));
    expect(bootstrapMeanInterval([...values, Number.NaN])).toEqual(bootstrapMeanInterval(values));
    // Counts of the distinct values, not positions: the order the values come in does not matter.
    expect(bootstrapMeanInterval([...values].reverse())).toEqual(bootstrapMeanInterval(values));
    expect(bootstrapMeanInterval([])).toBeNull();
    expect(bootstrapMeanGapInterval([])).toBeNull();
    expect(bootstrapInterval([1, 2, 3], () => null)).toBeNull();
  });
});
