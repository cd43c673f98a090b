// The Import page's own wording of what the import API says. The API names
// its parameters (replace=true, ?rater=, the route to send a file to); the
// page names the control that does the same (the "Replace" checkbox, the
// "Rater name" box, the choice of what to import).
import type { ImportKind } from "@/lib/db/generated/enums";
import type { ErrorDetail } from "@/lib/errors";
import { IMPORT_PATHS } from "./upload";

/** The labels of the Import page's controls, which its messages name. */
export const CONTROL_LABELS = {
  kind: "What to import",
  replace: "Replace stored rows that differ",
  confirmRated: "Replace rated answers",
  rater: "Rater name",
  skipInvalid: "Import the valid records and refuse the others",
} as const;

/** The choices of "What to import". */
export const KIND_LABELS: Record<ImportKind, string> = {
  scenarios: "Scenarios",
  safety_colliding: "Safety-colliding map",
  responses: "Model answers",
  scores: "Machine scores",
  gold: "Gold scores",
};

const quoted = (label: string) => `“${label}”`;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const kindOfPath = (path: string) => (Object.keys(IMPORT_PATHS) as ImportKind[]).find((kind) => IMPORT_PATHS[kind] === path);

/** Each API phrase and the page's; `$1` keeps a captured part, a function builds the rest. */
const PHRASES: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // replace=rated: the page asks for the Replace box, then confirmation in a dialog.
  [/\b(s|S)end replace=rated to replace (it|them)\b/g, (_, s: string, what: string) =>
    `${s === "S" ? "T" : "t"}ick ${quoted(CONTROL_LABELS.replace)} and confirm ${quoted(CONTROL_LABELS.confirmRated)} to replace ${what}`],
  [/\b(s|S)end replace=true to replace\b/g, (_, s: string) => `${s === "S" ? "T" : "t"}ick ${quoted(CONTROL_LABELS.replace)} to replace`],
  [/\bwithout replace=rated\b/g, () => `without confirming ${quoted(CONTROL_LABELS.confirmRated)}`],
  [/\bname one with \?rater=NAME\b/g, () => `name one in ${quoted(CONTROL_LABELS.rater)}`],
  [/\bsend it to POST \/api\/v1\/studies\/[^/\s]+\/([\w-]+)/g, (_, path: string) => {
    const kind = kindOfPath(path);
    return kind ? `choose ${quoted(KIND_LABELS[kind])} under ${quoted(CONTROL_LABELS.kind)}` : `send it to the ${path} import`;
  }],
  // A refused ?rater= value: the API calls the parameter "rater".
  [/^rater (must|")/g, (_, rest: string) => `${CONTROL_LABELS.rater} ${rest}`],
];

/** An import API message in the Import page's words: each control named, no API parameter. */
export function pageWording(message: string): string {
  let text = message;
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text.startsWith(CONTROL_LABELS.rater) ? capitalised(text) : text;
}

/** A problem in the page's words (its field too, when the API names a query parameter). */
export function problemForPage(detail: ErrorDetail): ErrorDetail {
  return { ...detail, message: pageWording(detail.message), ...(detail.field === "rater" && detail.line === undefined ? { field: CONTROL_LABELS.rater } : {}) };
}
