import { describe, expect, it } from "vitest";
import { describeData, showValue } from "./describe";

describe("an audit entry's data", () => {
  it("shows a rating edit as the fields that changed, before and after, and the rest as facts", () => {
    const described = describeData({
      version: 2,
      before: { omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "miss"], reasoning: "same" },
      after: { omission_harm: 3, commission_harm: 0, critical_action_results: ["hit", "hit"], reasoning: "same" },
    });
    expect(described.changes).toEqual([
      { field: "omission_harm", before: "1", after: "3" },
      { field: "critical_action_results", before: "hit, miss", after: "hit, hit" },
    ]);
    expect(described.facts).toEqual([{ field: "version", value: "2" }]);
  });

  it("counts a field only one side has as a change", () => {
    expect(describeData({ before: { role: "rater" }, after: { role: "rater", active: false } }).changes).toEqual([
      { field: "active", before: "—", after: "false" },
    ]);
  });

  it("keeps a lone or non-object before/after as facts, and shows a skip's reason", () => {
    expect(describeData({ before: "old text" }).facts).toEqual([{ field: "before", value: "old text" }]);
    expect(describeData({ reason: "Cannot judge dosing." })).toEqual({ changes: [], facts: [{ field: "reason", value: "Cannot judge dosing." }] });
    expect(describeData(null)).toEqual({ changes: [], facts: [] });
  });

  it("writes nested values as JSON and empty ones as a dash", () => {
    expect(showValue({ a: [1] })).toBe('{"a":[1]}');
    expect(showValue(undefined)).toBe("—");
    expect(showValue(true)).toBe("true");
  });
});
