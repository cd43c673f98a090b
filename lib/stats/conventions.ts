// Test conventions for the rank tests (Wilcoxon signed-rank, Mann–Whitney U):
// the one source of their names and labels.
//
// - `exact`: the exact null distribution of the statistic (for tied data it
//   is the untied distribution, the statistic rounded towards the null, as
//   scipy does);
// - `normal`: the normal approximation with the tie-corrected variance and
//   no continuity correction;
// - `normal_cc`: the same with a continuity correction of 0.5;
// - `auto`: `exact` when the sample is small and has no ties, else `normal`.
// Every p-value is returned with the method actually used (never `auto`).

export const TEST_CONVENTIONS = ["auto", "exact", "normal", "normal_cc"] as const;
export type TestConvention = (typeof TEST_CONVENTIONS)[number];

export const TEST_METHODS = ["exact", "normal", "normal_cc"] as const;
export type TestMethod = (typeof TEST_METHODS)[number];

export const TEST_CONVENTION_LABELS: Record<TestConvention, string> = {
  auto: "Automatic (exact when small and untied, else normal approximation)",
  exact: "Exact",
  normal: "Normal approximation, tie-corrected, no continuity correction",
  normal_cc: "Normal approximation, tie-corrected, with continuity correction",
};

export const TEST_METHOD_LABELS: Record<TestMethod, string> = {
  exact: TEST_CONVENTION_LABELS.exact,
  normal: TEST_CONVENTION_LABELS.normal,
  normal_cc: TEST_CONVENTION_LABELS.normal_cc,
};

/** "greater": the values (or differences) tend to be larger; "two-sided": they differ either way. */
export type Alternative = "greater" | "two-sided";
