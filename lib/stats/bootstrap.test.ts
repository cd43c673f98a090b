import { describe, expect, it } from "vitest";
import { STATS } from "@/tests/reference/stats-reference";
import { confusionMatrix, type Pair } from "./agreement";
import { bootstrapInterval, bootstrapMeanGapInterval, bootstrapMeanInterval, DEFAULT_RESAMPLES } from "./bootstrap";
import { quantile } from "./descriptive";
import { multinomial, seededRandom } from "./random";
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

  it("resamples pairs for a gap: the interval of mean(first − second) is that of the gaps' mean", () => {
    const gaps = STATS.bootstrap.find((c) => c.name === "gaps of 22 pairs")?.values ?? [];
    const pairs = gaps.map((gap, i) => ({ first: gap + i, second: i }));
    const ci = bootstrapMeanGapInterval(pairs);
    const direct = bootstrapMeanInterval(gaps);
    expect(ci?.[0]).toBeCloseTo(direct?.[0] ?? Number.NaN, 12);
    expect(ci?.[1]).toBeCloseTo(direct?.[1] ?? Number.NaN, 12);
  });

  it("defaults to 2,000 seeded resamples, is null on no values, and drops non-finite values", () => {
    expect(DEFAULT_RESAMPLES).toBeGreaterThanOrEqual(2000);
    const values = [1, 2, 2.5, 4, 0];
    expect(bootstrapMeanInterval(values)).toEqual(bootstrapMeanInterval(values, { resamples: DEFAULT_RESAMPLES }));
    expect(bootstrapMeanInterval([...values, Number.NaN])).toEqual(bootstrapMeanInterval(values));
    expect(bootstrapMeanInterval([])).toBeNull();
    expect(bootstrapMeanGapInterval([])).toBeNull();
    expect(bootstrapInterval([1, 2, 3], () => null)).toBeNull();
  });
});
