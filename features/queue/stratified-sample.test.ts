import { describe, expect, it } from "vitest";
import { drawStratifiedSample, SampleTooLargeError, type SampleCandidate } from "./stratified-sample";

let next = 0;
function answer(overrides: Partial<SampleCandidate>): SampleCandidate {
  next++;
  return { id: `a${String(next).padStart(5, "0")}`, model: "m1", category: "c1", repetition: 1, pairId: null, framing: null, flagged: false, contentFiltered: false, ...overrides };
}

/** `count` answers per model, spread over categories in the given proportions. */
function population(models: string[], categories: Record<string, number>, extra: (i: number) => Partial<SampleCandidate> = () => ({})): SampleCandidate[] {
  return models.flatMap((model) =>
    Object.entries(categories).flatMap(([category, count]) => Array.from({ length: count }, (_, i) => answer({ model, category, repetition: i + 1, ...extra(i) }))),
  );
}

const countBy = <T,>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

describe("drawStratifiedSample", () => {
  it("is reproducible from its seed and changes with it", () => {
    const pool = population(["m1", "m2"], { c1: 40, c2: 20 });
    const first = drawStratifiedSample(pool, { size: 24, seed: "s-1" });
    const again = drawStratifiedSample([...pool].reverse(), { size: 24, seed: "s-1" });
    const other = drawStratifiedSample(pool, { size: 24, seed: "s-2" });
    expect(new Set(again.ids)).toEqual(new Set(first.ids));
    expect(new Set(other.ids)).not.toEqual(new Set(first.ids));
    expect(new Set(first.ids).size).toBe(24);
  });

  it("balances the models and keeps each model's categories in proportion", () => {
    const pool = population(["m1", "m2", "m3"], { acute: 60, chronic: 30, rare: 10 });
    const { ids, report } = drawStratifiedSample(pool, { size: 30, seed: "x" });
    const picked = pool.filter((c) => ids.includes(c.id));
    expect(countBy(picked, (c) => c.model)).toEqual({ m1: 10, m2: 10, m3: 10 });
    expect(countBy(picked, (c) => `${c.model}/${c.category}`)).toEqual({
      "m1/acute": 6, "m1/chronic": 3, "m1/rare": 1,
      "m2/acute": 6, "m2/chronic": 3, "m2/rare": 1,
      "m3/acute": 6, "m3/chronic": 3, "m3/rare": 1,
    });
    expect(report.strata.find((s) => s.model === "m2" && s.category === "chronic")).toMatchObject({ available: 30, target: 3, selected: 3 });
    expect(report).toMatchObject({ requested: 30, selected: 30, available: 300, pairsKeptTogether: 0 });
  });

  it("gives a small model all it has and deals the rest to the others", () => {
    const pool = [...population(["big1", "big2"], { c: 50 }), ...population(["small"], { c: 4 })];
    const { ids } = drawStratifiedSample(pool, { size: 30, seed: "x" });
    expect(countBy(pool.filter((c) => ids.includes(c.id)), (c) => c.model)).toEqual({ big1: 13, big2: 13, small: 4 });
  });

  it("oversamples answers the machine rater flagged up to the target share in every stratum", () => {
    // 1 in 10 answers flagged: a plain random draw of 10 would expect one.
    const pool = population(["m1", "m2"], { c1: 50, c2: 50 }, (i) => ({ flagged: i % 10 === 0 }));
    const { ids, report } = drawStratifiedSample(pool, { size: 40, seed: "x", flaggedShare: 0.5 });
    const picked = pool.filter((c) => ids.includes(c.id));
    for (const stratum of report.strata) {
      expect(stratum).toMatchObject({ target: 10, selected: 10, flaggedAvailable: 5, flaggedSelected: 5 });
    }
    expect(picked.filter((c) => c.flagged)).toHaveLength(20);
    expect(report.flaggedShareAvailable).toBeCloseTo(0.1, 10);
    expect(report.flaggedShareSelected).toBeCloseTo(0.5, 10);
    expect(report.flaggedShareTarget).toBe(0.5);
  });

  it("keeps both framings of a decoupling pair together and never splits one", () => {
    const pool: SampleCandidate[] = [];
    for (const model of ["m1", "m2"]) {
      for (const pairId of ["p1", "p2", "p3", "p4", "p5"]) {
        for (const repetition of [1, 2]) {
          pool.push(answer({ model, category: "c", pairId, repetition, framing: "layperson" }), answer({ model, category: "c", pairId, repetition, framing: "physician" }));
        }
      }
      pool.push(...Array.from({ length: 5 }, (_, i) => answer({ model, category: "c", repetition: i + 1 })));
    }
    for (const seed of ["a", "b", "c", "d", "e"]) {
      const { ids, report } = drawStratifiedSample(pool, { size: 11, seed });
      const picked = pool.filter((c) => ids.includes(c.id));
      for (const c of picked.filter((p) => p.pairId !== null)) {
        const partner = pool.find((p) => p.model === c.model && p.pairId === c.pairId && p.repetition === c.repetition && p.framing !== c.framing);
        expect(ids).toContain(partner?.id);
      }
      // 11 = 6 + 5: odd quotas are met with a single answer rather than by splitting a pair.
      expect(report.selected).toBe(11);
      expect(report.pairsKeptTogether).toBe(picked.filter((p) => p.pairId !== null).length / 2);
    }
  });

  it("takes a whole pair (one answer over target) when only pairs are left", () => {
    const pool = [answer({ pairId: "p", framing: "layperson" }), answer({ pairId: "p", framing: "physician" })];
    const { ids, report } = drawStratifiedSample(pool, { size: 1, seed: "x" });
    expect(ids).toHaveLength(2);
    expect(report.strata[0]).toMatchObject({ target: 1, selected: 2 });
  });

  it("includes content-filtered answers as candidates and counts them", () => {
    const pool = population(["m1"], { c: 10 }, (i) => ({ contentFiltered: i < 5 }));
    const { ids, report } = drawStratifiedSample(pool, { size: 10, seed: "x" });
    expect(ids).toHaveLength(10);
    expect(report.strata[0]?.contentFilteredSelected).toBe(5);
  });

  it("refuses a sample larger than the answers available", () => {
    expect(() => drawStratifiedSample(population(["m1"], { c: 3 }), { size: 4, seed: "x" })).toThrow(SampleTooLargeError);
  });
});
