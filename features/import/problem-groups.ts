// Identical problems grouped, so that 206 records naming the same missing
// scenario read as one line with a count and the first places, not 206 rows.
import { csvRow } from "@/lib/csv";
import type { ErrorDetail } from "@/lib/errors";

/** Problems that read the same once their record-specific parts are set aside. */
export interface ProblemGroup {
  /** The message, with a record-specific part shown as "…" where it differs between the problems. */
  message: string;
  count: number;
  /** The first places, in file order. */
  places: { file?: string; line?: number; record?: number }[];
}

/** Places listed per group. */
export const PLACES_LISTED = 10;

/**
 * The parts of a message that name the record itself rather than the problem:
 * an answer's key "(Q1, model, 0)", a scenario record's own id at the start
 * ("Scenario Q1: …", "Scenario Q1 differs …"), and where its duplicate first
 * stood ("first at record 3 (line 3) of a.ndjson").
 */
const RECORD_PARTS = /(?<=\()([^()]*,[^()]*)(?=\))|(?<=^Scenario )(\S+?)(?=:| )|(?<=first at )(record \d+ \(line \d+\) of .+?)(?=\.?$)/g;
const SLOT = "\u0000";

function template(message: string): { key: string; parts: string[] } {
  const parts: string[] = [];
  const key = message.replace(RECORD_PARTS, (match) => {
    parts.push(match);
    return SLOT;
  });
  return { key, parts };
}

const byPlace = (a: ErrorDetail, b: ErrorDetail) =>
  (a.file ?? "") < (b.file ?? "") ? -1 : (a.file ?? "") > (b.file ?? "") ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.record ?? 0) - (b.record ?? 0);

/**
 * Groups problems whose messages are the same but for the record-specific
 * parts; a part the same in every problem of a group is kept, one that
 * differs is shown as "…". Groups are in the order of their first place
 * (file, then line, then record); a problem of the file as a whole (no line)
 * comes first.
 */
export function groupProblems(problems: readonly ErrorDetail[]): ProblemGroup[] {
  const groups = new Map<string, { parts: (string | null)[]; problems: ErrorDetail[] }>();
  for (const problem of problems) {
    const { key, parts } = template(problem.message);
    const group = groups.get(key);
    if (!group) groups.set(key, { parts, problems: [problem] });
    else {
      group.problems.push(problem);
      group.parts = group.parts.map((part, i) => (part === parts[i] ? part : null));
    }
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const sorted = [...group.problems].sort(byPlace);
      let slot = 0;
      return {
        message: key.replaceAll(SLOT, () => group.parts[slot++] ?? "…"),
        count: sorted.length,
        places: sorted.slice(0, PLACES_LISTED).map((p) => ({
          ...(p.file !== undefined ? { file: p.file } : {}),
          ...(p.line !== undefined ? { line: p.line } : {}),
          ...(p.record !== undefined ? { record: p.record } : {}),
        })),
      };
    })
    .sort((a, b) => byPlace({ message: "", ...a.places[0] }, { message: "", ...b.places[0] }));
}

/**
 * Where a group's problems stand, in words: "lines 3, 7, 12, …"; records when
 * several stand on one line (a one-line JSON array): "records 3, 7 (line 1)";
 * each file named when the problems are in several.
 */
export function placesText(group: ProblemGroup): string {
  const more = group.count > group.places.length ? ", …" : "";
  const files = [...new Set(group.places.map((p) => p.file ?? ""))];
  const inFile = (file: string) => {
    const places = group.places.filter((p) => (p.file ?? "") === file && p.line !== undefined);
    if (places.length === 0) return "";
    const lines = places.map((p) => p.line as number);
    const sharedLines = new Set(lines).size < lines.length && places.every((p) => p.record !== undefined);
    if (sharedLines) {
      const distinct = [...new Set(lines)];
      const at = distinct.length === 1 ? ` (line ${distinct[0]})` : ` (lines ${distinct.join(", ")})`;
      return `record${places.length === 1 ? "" : "s"} ${places.map((p) => p.record).join(", ")}${at}`;
    }
    return `line${lines.length === 1 ? "" : "s"} ${lines.join(", ")}`;
  };
  if (files.length <= 1) {
    const text = inFile(files[0] ?? "");
    return text ? `${text}${more}` : "";
  }
  const texts = files.map((file) => [file, inFile(file)] as const).filter(([, text]) => text);
  return texts.length ? `${texts.map(([file, text]) => `${file} ${text}`).join("; ")}${more}` : "";
}

/** CSV of every problem (file, line, record, pointer, field, message), for the person fixing the file; cells as lib/csv writes them (formula-safe). */
export function problemsCsv(problems: readonly ErrorDetail[]): string {
  return [csvRow(["file", "line", "record", "pointer", "field", "message"]), ...problems.map((p) => csvRow([p.file, p.line, p.record, p.pointer, p.field, p.message]))].join("");
}
