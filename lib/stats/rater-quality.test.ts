import { describe, expect, it } from "vitest";
import { goldFlag, perRaterAgreement, scaleAgreement, type QualityPair } from "./rater-quality";

describe("scaleAgreement", () => {
  it("gives n, exact, within-1 and quadratic κ of a hand-worked OH table", () => {
    // (0,0), (0,1), (2,2), (4,3) on 0..4; w = 1 − (i−j)²/16.
    // p_o = (1 + 15/16 + 1 + 15/16)/4 = 0.96875. A: 0 ½, 2 ¼, 4 ¼; B: 0..3 ¼ each.
    // p_e = ½·¼·50/16 + ¼·¼·58/16 + ¼·¼·34/16 = 192/256 = 0.75 → κ = 0.21875/0.25 = 0.875.
    const figures = scaleAgreement([[0, 0], [0, 1], [2, 2], [4, 3]], 5);
    expect(figures.n).toBe(4);
    expect(figures.exact).toBe(0.5);
    expect(figures.within1).toBe(1);
    expect(figures.kappa_quadratic).toBeCloseTo(0.875, 12);
  });
  it("leaves out a pair with -1 and gives null, never NaN, when κ is undefined", () => {
    const figures = scaleAgreement([[0, 0], [0, 0], [-1, 3]], 5);
    expect(figures).toEqual({ n: 2, exact: 1, within1: 1, kappa_quadratic: null });
    expect(scaleAgreement([], 4)).toEqual({ n: 0, exact: null, within1: null, kappa_quadratic: null });
  });
  it("κ is 0 for the far corners half the time and 1 when they all agree", () => {
    // (0,0),(4,4),(0,4),(4,0): p_o = ½, p_e = ¼·(1 + 0 + 0 + 1) = ½ → κ = 0.
    expect(scaleAgreement([[0, 0], [4, 4], [0, 4], [4, 0]], 5).kappa_quadratic).toBeCloseTo(0, 12);
    expect(scaleAgreement([[0, 0], [4, 4]], 5).kappa_quadratic).toBeCloseTo(1, 12);
  });
});

describe("perRaterAgreement", () => {
  it("groups pairs by physician and computes each scale on its own categories", () => {
    const pairs: QualityPair[] = [
      { userId: "u1", omission_harm: [0, 0], commission_harm: [0, 0] },
      { userId: "u2", omission_harm: [4, 0], commission_harm: [3, 3] },
      { userId: "u1", omission_harm: [4, 4], commission_harm: [3, 2] },
    ];
    const [u1, u2] = perRaterAgreement(pairs);
    expect(u1?.userId).toBe("u1");
    expect(u1?.omission_harm).toEqual(scaleAgreement([[0, 0], [4, 4]], 5));
    expect(u1?.commission_harm).toEqual(scaleAgreement([[0, 0], [3, 2]], 4));
    expect(u1?.commission_harm.exact).toBe(0.5);
    // One pair (4, 0): p_o = w(4,0) = 0 and p_e = w(4,0) = 0, so κ = 0; one pair (3, 3): p_e = 1, κ undefined.
    expect(u2).toEqual({ userId: "u2", omission_harm: { n: 1, exact: 0, within1: 0, kappa_quadratic: 0 }, commission_harm: { n: 1, exact: 1, within1: 1, kappa_quadratic: null } });
  });
});

describe("goldFlag", () => {
  const oh = (n: number, kappa: number | null) => ({ n, exact: null, within1: null, kappa_quadratic: kappa });
  it("flags κ_quadratic (OH) below the threshold only after the minimum number of gold items", () => {
    expect(goldFlag(oh(5, 0.59))).toBe(true);
    expect(goldFlag(oh(4, 0.1))).toBe(false);
    expect(goldFlag(oh(5, 0.6))).toBe(false);
    expect(goldFlag(oh(9, null))).toBe(false);
    expect(goldFlag(oh(3, 0.7), { threshold: 0.8, minItems: 3 })).toBe(true);
  });
});
