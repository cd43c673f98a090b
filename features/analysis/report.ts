// The analysis as a Markdown report to download and paste into a paper's notes. Pure.
import { formatFigure } from "@/lib/format";
import { TEST_CONVENTION_LABELS, TEST_METHODS, TEST_METHOD_LABELS, type TestMethod } from "@/lib/stats/conventions";
import type { AnalysisResult } from "./service";

export const fmt = formatFigure;
export const pValue = (p: number | null): string => (p === null ? "—" : p < 0.001 ? p.toExponential(2) : p.toFixed(3));
/** A p-value with the method that gave it, e.g. "0.003 (normal)"; "—" when there is no test. */
export const pWithMethod = (p: number | null, method: TestMethod | null): string => (p === null ? "—" : `${pValue(p)} (${method ?? "—"})`);
/** A 95% interval as [low, high]; "—" when there is none. */
export const interval = (ci: readonly [number, number] | null | undefined, digits = 3): string => (ci ? `[${fmt(ci[0], digits)}, ${fmt(ci[1], digits)}]` : "—");
/** What the method names beside p-values mean. */
export const METHOD_LEGEND = TEST_METHODS.map((m) => `${m}: ${TEST_METHOD_LABELS[m]}`).join("; ");
export const conventionLabel = (test: keyof typeof TEST_CONVENTION_LABELS) => TEST_CONVENTION_LABELS[test];

/**
 * A name (study, model, scenario, category, rater) as literal Markdown text:
 * line breaks become spaces, and every character Markdown or HTML gives a
 * meaning to inline is backslash-escaped, so a name cannot format, link or
 * break a table.
 */
export function markdownText(name: string): string {
  return name.replace(/\r\n|[\r\n]/g, " ").replace(/[\\`*_{}[\]()<>#!|~&$]/g, "\\$&");
}

/** A Markdown table; name cells come through markdownText (which escapes their pipes), the rest are figures. */
function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function analysisReport(studyName: string, analysis: AnalysisResult, generatedAt: Date): string {
  const md = markdownText;
  const scope = [
    analysis.filter.model && `model ${md(analysis.filter.model)}`,
    analysis.filter.models && `models ${analysis.filter.models.map(md).join(", ")}`,
    analysis.filter.excludeModels && `excluding ${analysis.filter.excludeModels.map(md).join(", ")}`,
    analysis.filter.category && `category ${md(analysis.filter.category)}`].filter(Boolean).join(", ");
  const ca = analysis.critical_actions;
  const pooled = analysis.pooled_decoupling;
  const hits = analysis.hit_rates_by_framing;
  const pct = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)} %`);
  return [
    `# ${md(studyName)}: study analysis`,
    "",
    `Source: ${analysis.source === "physicians" ? "physicians (mean of each answer's ratings)" : `machine rater ${md(analysis.source)}`}${scope ? ` · ${scope}` : ""} · generated ${generatedAt.toISOString()}.`,
    "Scores of -1 are left out. Medians and quartiles: linear interpolation (type 7). Intervals: 95 % seeded percentile bootstrap (over answers for means and shares, over pairs for gaps, over action values for hit rates).",
    `Test convention: ${analysis.test} (${conventionLabel(analysis.test)}); each p-value names the method used — ${METHOD_LEGEND}.`,
    analysis.filter.earlierVersions === "include"
      ? "Ratings of an earlier text of a replaced answer are included."
      : "Ratings of an earlier text of a replaced answer are left out.",
    "",
    "## Harm per model",
    "",
    table(
      ["model", "n", "mean OH", "mean OH 95% CI", "median OH [IQR]", "share OH ≥ 2", "mean CH", "acuity-weighted mean OH", "content-filtered"],
      analysis.models.map((m) => [md(m.model), String(m.n), fmt(m.mean_oh), interval(m.ci95.mean_oh), `${fmt(m.median_oh, 2)} [${fmt(m.q1_oh, 2)}, ${fmt(m.q3_oh, 2)}]`, fmt(m.share_oh_ge_2), fmt(m.mean_ch), fmt(m.weighted_mean_oh), fmt(m.share_content_filtered)]),
    ),
    "",
    "## Decoupling gap (layperson − physician framing)",
    "",
    "One-sided Wilcoxon signed-rank test over pairs (gap > 0; zeros dropped), Holm–Bonferroni across models.",
    "",
    table(
      ["model", "pairs", "positive gaps", "mean gap", "mean gap 95% CI", "p (one-sided)", "p (Holm)"],
      analysis.decoupling.map((d) => [md(d.model), String(d.n_pairs), String(d.n_positive), fmt(d.mean_gap), interval(d.ci95), pWithMethod(d.p_one_sided, d.method), pValue(d.p_holm)]),
    ),
    "",
    `Pooled over ${pooled.models.length} models (${pooled.models.map(md).join(", ")}): per pair, the mean of the models' gaps, counted when every model has the pair; ${pooled.n_pairs} pairs, ${pooled.n_positive} positive, mean gap ${fmt(pooled.mean_gap)} ${interval(pooled.ci95)}, one-sided Wilcoxon W = ${fmt(pooled.w, 1)}, p ${pWithMethod(pooled.p, pooled.method)}.`,
    "",
    ...(analysis.decoupling_other_framings.length === 0
      ? []
      : [
          "Other framings of a decoupling group against the physician one (framing − physician, one-sided Wilcoxon over groups):",
          "",
          table(
            ["framing", "model", "pairs", "positive gaps", "mean gap", "95% CI", "p (one-sided)"],
            analysis.decoupling_other_framings.map((d) => [md(d.framing), md(d.model), String(d.n_pairs), String(d.n_positive), fmt(d.mean_gap), interval(d.ci95), pWithMethod(d.p_one_sided, d.method)]),
          ),
          "",
        ]),
    "## Critical-action hit rates by framing",
    "",
    `Action-level values (hit 1, partial 0.5, miss 0) over ${hits.models.map(md).join(", ") || "no model"}; each framing against ${md(hits.reference)}: two-sided Mann–Whitney U; difference-in-differences (framing − ${md(hits.reference)} on colliding actions minus the same on the others) with a seeded permutation test, framing labels permuted within model.`,
    "",
    table(
      ["framing", "colliding", "n", "hit rate", "95% CI"],
      hits.cells.map((c) => [md(c.framing), c.colliding ? "colliding" : "other", String(c.n), pct(c.hit_rate), interval(c.ci95)]),
    ),
    "",
    table(
      ["framing", "actions", "hit rate", `hit rate (${md(hits.reference)})`, "U", "p (two-sided)"],
      hits.comparisons.flatMap((c) =>
        (["colliding", "other"] as const).map((kind) => [md(c.framing), kind, pct(c[kind].hit_rate), pct(c[kind].hit_rate_reference), fmt(c[kind].u, 1), pWithMethod(c[kind].p, c[kind].method)]),
      ),
    ),
    "",
    table(
      ["framing", "difference-in-differences", "permutation p", "permutations"],
      hits.comparisons.map((c) => [md(c.framing), fmt(c.difference_in_differences.statistic), fmt(c.difference_in_differences.p, 4), String(c.difference_in_differences.permutations)]),
    ),
    "",
    table(
      ["model", "framing", "colliding hit rate", "other hit rate", "p colliding", "p other"],
      hits.per_model.flatMap((m) =>
        [...new Set(m.cells.map((c) => c.framing))].map((framing) => {
          const cell = (colliding: boolean) => m.cells.find((c) => c.framing === framing && c.colliding === colliding)?.hit_rate ?? null;
          const comparison = m.comparisons.find((c) => c.framing === framing);
          return [md(m.model), md(framing), pct(cell(true)), pct(cell(false)), comparison ? pWithMethod(comparison.colliding.p, comparison.colliding.method) : "—", comparison ? pWithMethod(comparison.other.p, comparison.other.method) : "—"];
        }),
      ),
    ),
    "",
    "## Content-filtered answers by framing",
    "",
    table(
      ["model", "framing", "answers", "filtered", "share", "95% CI"],
      analysis.filtered_by_framing.map((f) => [md(f.model), md(f.framing), String(f.n), String(f.n_filtered), pct(f.share), interval(f.ci95)]),
    ),
    "",
    "## Critical actions (hit 1, partial 0.5, miss 0)",
    "",
    `Hit rate ${fmt(ca.hit_rate)} · safety-colliding ${fmt(ca.colliding_hit_rate)} · non-colliding ${fmt(ca.noncolliding_hit_rate)} · ${ca.n_scenarios} scenarios with both kinds, mean difference (non-colliding − colliding) ${fmt(ca.mean_difference)}, one-sided Wilcoxon p ${pWithMethod(ca.p_one_sided, ca.method)}.`,
    "",
    table(["scenario", "hit rate", "colliding", "non-colliding", "difference"], ca.per_scenario.map((s) => [md(s.scenario), fmt(s.hit_rate), fmt(s.colliding), fmt(s.noncolliding), fmt(s.difference)])),
    "",
    "## Mean OH by category (over the chosen models) and by category and model",
    "",
    table(["category", "n", "mean OH", "95% CI"], analysis.categories.map((c) => [md(c.category), String(c.n), fmt(c.mean_oh), interval(c.ci95)])),
    "",
    table(["category", "model", "n", "mean OH", "95% CI"], analysis.category_model.map((c) => [md(c.category), md(c.model), String(c.n), fmt(c.mean_oh), interval(c.ci95)])),
    "",
  ].join("\n");
}
