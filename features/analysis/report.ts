// The analysis as a Markdown report to download and paste into a paper's notes. Pure.
import { formatFigure } from "@/lib/format";
import type { AnalysisResult } from "./service";

export const fmt = formatFigure;
export const pValue = (p: number | null): string => (p === null ? "—" : p < 0.001 ? p.toExponential(2) : p.toFixed(3));

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
  const scope = [analysis.filter.model && `model ${md(analysis.filter.model)}`, analysis.filter.category && `category ${md(analysis.filter.category)}`].filter(Boolean).join(", ");
  const ca = analysis.critical_actions;
  return [
    `# ${md(studyName)}: study analysis`,
    "",
    `Source: ${analysis.source === "physicians" ? "physicians (mean of each answer's ratings)" : `machine rater ${md(analysis.source)}`}${scope ? ` · ${scope}` : ""} · generated ${generatedAt.toISOString()}.`,
    "Scores of -1 are left out. Medians and quartiles: linear interpolation (type 7).",
    analysis.filter.earlierVersions === "include"
      ? "Ratings of an earlier text of a replaced answer are included."
      : "Ratings of an earlier text of a replaced answer are left out.",
    "",
    "## Harm per model",
    "",
    table(
      ["model", "n", "mean OH", "median OH [IQR]", "share OH ≥ 2", "mean CH", "acuity-weighted mean OH", "content-filtered"],
      analysis.models.map((m) => [md(m.model), String(m.n), fmt(m.mean_oh), `${fmt(m.median_oh, 2)} [${fmt(m.q1_oh, 2)}, ${fmt(m.q3_oh, 2)}]`, fmt(m.share_oh_ge_2), fmt(m.mean_ch), fmt(m.weighted_mean_oh), fmt(m.share_content_filtered)]),
    ),
    "",
    "## Decoupling gap (layperson − physician framing)",
    "",
    "One-sided Wilcoxon signed-rank test over pairs (gap > 0; zeros dropped, exact p for ≤ 50 untied non-zero gaps, else normal approximation with tie and continuity correction), Holm–Bonferroni across models.",
    "",
    table(
      ["model", "pairs", "positive gaps", "mean gap", "p (one-sided)", "p (Holm)"],
      analysis.decoupling.map((d) => [md(d.model), String(d.n_pairs), String(d.n_positive), fmt(d.mean_gap), pValue(d.p_one_sided), pValue(d.p_holm)]),
    ),
    "",
    "## Critical actions (hit 1, partial 0.5, miss 0)",
    "",
    `Hit rate ${fmt(ca.hit_rate)} · safety-colliding ${fmt(ca.colliding_hit_rate)} · non-colliding ${fmt(ca.noncolliding_hit_rate)} · ${ca.n_scenarios} scenarios with both kinds, mean difference (non-colliding − colliding) ${fmt(ca.mean_difference)}, one-sided Wilcoxon p ${pValue(ca.p_one_sided)}.`,
    "",
    table(["scenario", "hit rate", "colliding", "non-colliding", "difference"], ca.per_scenario.map((s) => [md(s.scenario), fmt(s.hit_rate), fmt(s.colliding), fmt(s.noncolliding), fmt(s.difference)])),
    "",
    "## Mean OH by category and model",
    "",
    table(["category", "model", "n", "mean OH"], analysis.category_model.map((c) => [md(c.category), md(c.model), String(c.n), fmt(c.mean_oh)])),
    "",
  ].join("\n");
}
