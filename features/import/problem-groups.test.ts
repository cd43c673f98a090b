import { describe, expect, it } from "vitest";
import type { ErrorDetail } from "@/lib/errors";
import { ImportProblems, LISTED_ONLY } from "./problems";
import { groupProblems, placesText, problemsCsv, PLACES_LISTED, type ProblemGroup } from "./problem-groups";

const first = (groups: ProblemGroup[]): ProblemGroup => {
  const [group] = groups;
  if (!group) throw new Error("no group");
  return group;
};

const missing = (line: number, scenario = "Q9b"): ErrorDetail => ({
  file: "scores.ndjson",
  line,
  record: line,
  message: `There is no scenario ${scenario} in this study: import the scenarios first.`,
});

describe("groupProblems", () => {
  it("counts identical problems as one group listing their first lines in order", () => {
    const lines = Array.from({ length: 206 }, (_, i) => 3 + i * 4).reverse();
    const groups = groupProblems(lines.map((line) => missing(line)));
    expect(groups).toHaveLength(1);
    const group = first(groups);
    expect(group.count).toBe(206);
    expect(group.message).toBe("There is no scenario Q9b in this study: import the scenarios first.");
    expect(group.places.map((p) => p.line)).toEqual(Array.from({ length: PLACES_LISTED }, (_, i) => 3 + i * 4));
    expect(placesText(group)).toBe("lines 3, 7, 11, 15, 19, 23, 27, 31, 35, 39, …");
  });

  it("keeps problems naming different things apart, and sorts the groups by their first line", () => {
    const groups = groupProblems([missing(9, "Q9c"), missing(5), missing(2, "Q9c"), { file: "scores.ndjson", line: 4, record: 4, field: "omission_harm", message: "Score of (Q1, m, 0): omission_harm must be from 0 to 4 (or -1: not scored)." }]);
    expect(groups.map((g) => [g.count, g.message, placesText(g)])).toEqual([
      [2, "There is no scenario Q9c in this study: import the scenarios first.", "lines 2, 9"],
      [1, "Score of (Q1, m, 0): omission_harm must be from 0 to 4 (or -1: not scored).", "line 4"],
      [1, "There is no scenario Q9b in this study: import the scenarios first.", "line 5"],
    ]);
  });

  it("sets aside the record's own key where the problem is otherwise the same, keeping a part that every problem shares", () => {
    const groups = groupProblems([
      { file: "a.ndjson", line: 1, record: 1, message: "The answer (Q1, m, 0) differs from the stored one; send replace=true to replace it." },
      { file: "a.ndjson", line: 2, record: 2, message: "The answer (Q1, m, 1) differs from the stored one; send replace=true to replace it." },
      { file: "a.ndjson", line: 3, record: 3, message: "Score of (Q2, m, 0): omission_harm must be from 0 to 4 (or -1: not scored)." },
      { file: "a.ndjson", line: 4, record: 4, message: "Score of (Q2, m, 0): omission_harm must be from 0 to 4 (or -1: not scored)." },
      { file: "s.json", line: 2, record: 2, message: "Scenario E1: acuity_weight must be a number greater than 0." },
      { file: "s.json", line: 3, record: 3, message: "Scenario E2: acuity_weight must be a number greater than 0." },
      { file: "s.json", line: 8, record: 8, message: "Scenario E1 appears twice: first at record 2 (line 2) of s.json." },
      { file: "s.json", line: 9, record: 9, message: "Scenario E2 appears twice: first at record 3 (line 3) of s.json." },
    ]);
    expect(groups.map((g) => [g.count, g.message])).toEqual([
      [2, "The answer (…) differs from the stored one; send replace=true to replace it."],
      [2, "Score of (Q2, m, 0): omission_harm must be from 0 to 4 (or -1: not scored)."],
      [2, "Scenario …: acuity_weight must be a number greater than 0."],
      [2, "Scenario … appears twice: first at …."],
    ]);
  });

  it("lists records, not lines, for problems that share a line (a one-line JSON array), and names each file", () => {
    const oneLine = [5, 2, 9].map((record) => ({ file: "compact.json", line: 1, record, pointer: `/${record - 1}`, message: "There is no scenario Q9b in this study: import the scenarios first." }));
    expect(placesText(first(groupProblems(oneLine)))).toBe("records 2, 5, 9 (line 1)");
    expect(placesText(first(groupProblems([missing(4), { ...missing(2), file: "more.ndjson" }])))).toBe("more.ndjson line 2; scores.ndjson line 4");
  });

  it("puts a problem of the file as a whole (no line) first", () => {
    const groups = groupProblems([missing(1), { file: "scores.ndjson", message: "The file is empty." }]);
    expect(groups.map((g) => g.message)).toEqual(["The file is empty.", missing(1).message]);
    expect(placesText(first(groups))).toBe("");
  });
});

describe("problemsCsv", () => {
  it("writes every problem with its file, line, record, pointer, field and message, quoted where needed", () => {
    const csv = problemsCsv([
      { file: "a.json", line: 1, record: 2, pointer: "/1", field: "prompt", message: 'Scenario "E1", first: prompt must be a string.' },
      { message: "=HYPERLINK(1)" },
    ]);
    expect(csv).toBe('file,line,record,pointer,field,message\r\na.json,1,2,/1,prompt,"Scenario ""E1"", first: prompt must be a string."\r\n,,,,,\'=HYPERLINK(1)\r\n');
  });

  it("prefixes every cell a spreadsheet would run as a formula, a leading tab or carriage return too", () => {
    const csv = problemsCsv([{ message: "=1+1" }, { message: "\t=1+1" }, { message: "\r=1+1" }, { file: "@a.json", field: "-x", message: "+1" }]);
    expect(csv.split("\r\n").slice(1, -1)).toEqual([",,,,,'=1+1", ",,,,,'\t=1+1", ',,,,,"\'\r=1+1"', "'@a.json,,,,'-x,'+1"]);
  });
});

describe("a refusal of more problems than it lists", () => {
  it("says so in words the Import page reads back", () => {
    const problems = new ImportProblems(false);
    for (let line = 1; line <= 1001; line++) problems.add({ file: "a.ndjson", line, record: line, message: "There is no scenario Q9b in this study." });
    const error = problems.toError();
    expect(error.details).toHaveLength(1000);
    expect(error.message).toMatch(LISTED_ONLY);
    const few = new ImportProblems(false);
    few.add({ file: "a.ndjson", line: 1, record: 1, message: "There is no scenario Q9b in this study." });
    expect(few.toError().message).not.toMatch(LISTED_ONLY);
  });
});
