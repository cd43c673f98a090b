import { describe, expect, it } from "vitest";
import { answerVersionHistory, ratingChangeLines } from "./answer-history";

const ada = { name: "Ada", email: "ada@example.org" };
const imported = new Date("2026-01-01T10:00:00Z");
const replaced = new Date("2026-02-01T10:00:00Z");

describe("an answer's version history", () => {
  it("is the current text alone for an answer never replaced", () => {
    expect(answerVersionHistory({ version: 1, text: "t", createdAt: imported, importBatch: { user: ada }, versions: [] })).toEqual([
      { version: 1, current: true, text: "t", since: imported, by: "Ada <ada@example.org>" },
    ]);
  });

  it("lists the current text first, since the replacement of the version before and by whom", () => {
    const history = answerVersionHistory({
      version: 2,
      text: "new",
      createdAt: imported,
      importBatch: { user: ada },
      versions: [{ version: 1, text: "old", replacedAt: replaced, replacedBy: ada }],
    });
    expect(history).toEqual([
      { version: 2, current: true, text: "new", since: replaced, by: "Ada <ada@example.org>" },
      // The import that created the answer is no longer known once a later one replaced it.
      { version: 1, current: false, text: "old", since: imported, by: null },
    ]);
  });
});

describe("a rating's changes", () => {
  it("are listed oldest first, each with the version it replaced, when, and the reason or that none was given", () => {
    expect(ratingChangeLines([
      { version: 2, changedAt: replaced, changeReason: null },
      { version: 1, changedAt: imported, changeReason: "Misread the dose." },
    ])).toEqual(["v1 → v2, 2026-01-01 10:00: Misread the dose.", "v2 → v3, 2026-02-01 10:00: no reason given"]);
    expect(ratingChangeLines([])).toEqual([]);
  });
});
