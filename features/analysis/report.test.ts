import { describe, expect, it } from "vitest";
import { analyseStudy, type ScoredAnswer } from "./compute";
import { analysisReport, markdownText } from "./report";

/** Pipes that separate table cells (not escaped ones). */
const cellBorders = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

describe("markdownText", () => {
  it("escapes what Markdown would format, link, or use to end a table cell, and joins lines", () => {
    expect(markdownText("a*b_c `d` [x](javascript:alert(1)) <img> | e\r\nf # g\\")).toBe(
      "a\\*b\\_c \\`d\\` \\[x\\]\\(javascript:alert\\(1\\)\\) \\<img\\> \\| e f \\# g\\\\",
    );
    expect(markdownText("gpt-4o.2024")).toBe("gpt-4o.2024");
  });
});

describe("the Markdown report", () => {
  it("keeps the study, rater, model, scenario and category names literal, and each table row whole", () => {
    const answer: ScoredAnswer = {
      model: "gpt|4*",
      scenario: "S_1\n# injected",
      category: "[acute](http://x)",
      acuityWeight: 1,
      pairId: null,
      framing: null,
      contentFiltered: false,
      oh: 2,
      ch: 1,
      actions: null,
    };
    const analysis = { source: "judge_<b>", filter: { model: "gpt|4*", models: null, excludeModels: null, category: null, earlierVersions: "exclude" as const }, ...analyseStudy([answer], new Map()) };
    const lines = analysisReport("**Study** | one\n# Two", analysis, new Date(0)).split("\n");

    expect(lines[0]).toBe("# \\*\\*Study\\*\\* \\| one \\# Two: study analysis");
    expect(lines[2]).toContain("machine rater judge\\_\\<b\\> · model gpt\\|4\\*");
    expect(lines.some((line) => line.startsWith("# injected"))).toBe(false);
    const modelRow = lines.find((line) => line.startsWith("| gpt"));
    expect(modelRow).toMatch(/^\| gpt\\\|4\\\* \| 1 \|/);
    expect(cellBorders(modelRow ?? "")).toBe(10);
    const categoryRows = lines.filter((line) => line.startsWith("| \\[acute"));
    expect(categoryRows).toEqual(["| \\[acute\\]\\(http://x\\) | 1 | 2.000 | [2.000, 2.000] |", "| \\[acute\\]\\(http://x\\) | gpt\\|4\\* | 1 | 2.000 | [2.000, 2.000] |"]);
  });
});
