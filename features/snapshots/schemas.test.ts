import { describe, expect, it } from "vitest";
import { lockBodySchema, REASON_MAX, SNAPSHOT_FILE_NAMES, snapshotFileParams } from "./schemas";

const id = "0190a0a0-0000-7000-8000-000000000000";

describe("the lock body", () => {
  it("takes a reason, trimmed, up to the limit", () => {
    expect(lockBodySchema.parse({ reason: "  For the paper.  " })).toEqual({ reason: "For the paper." });
    expect(lockBodySchema.safeParse({ reason: "x".repeat(REASON_MAX) }).success).toBe(true);
  });

  it("refuses a missing, blank, too long or non-text reason, and any other field, naming it", () => {
    const fields = (body: unknown) => lockBodySchema.safeParse(body).error?.issues.map((i) => (i.path.length > 0 ? i.path.join(".") : i.message));
    expect(fields({})).toEqual(["reason"]);
    expect(fields({ reason: " \n " })).toEqual(["reason"]);
    expect(fields({ reason: "x".repeat(REASON_MAX + 1) })).toEqual(["reason"]);
    expect(fields({ reason: 1 })).toEqual(["reason"]);
    expect(fields({ reason: "ok", snapshot: false })?.[0]).toContain("snapshot");
  });
});

describe("a snapshot file's path", () => {
  it("names one of the four files of a snapshot, and nothing else", () => {
    expect(SNAPSHOT_FILE_NAMES).toEqual(["ratings.csv", "results.json", "analysis.json", "analysis.md"]);
    for (const file of SNAPSHOT_FILE_NAMES) expect(snapshotFileParams.safeParse({ id, snapshotId: id, file }).success).toBe(true);
    for (const file of ["ratings.ndjson", "Ratings.csv", "../ratings.csv", ""]) expect(snapshotFileParams.safeParse({ id, snapshotId: id, file }).success).toBe(false);
    expect(snapshotFileParams.safeParse({ id, snapshotId: "nope", file: "ratings.csv" }).success).toBe(false);
  });
});
