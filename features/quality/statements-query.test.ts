import { describe, expect, it } from "vitest";
import { isDay, statementsQuery } from "./statements-query";

describe("the statements' period", () => {
  it("takes a real day of years 0001 to 9999, leap days where the Gregorian calendar has them", () => {
    for (const day of ["0001-01-01", "9999-12-31", "2026-02-28", "2024-02-29", "2000-02-29", "2026-04-30", "2026-12-31"]) expect(isDay(day), day).toBe(true);
  });

  it("refuses year 0000 (PostgreSQL has no year 0), a day a month does not have, and anything not YYYY-MM-DD", () => {
    for (const text of ["0000-01-01", "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "26-01-01", "2026-01-01T00:00Z", "yesterday", ""]) {
      expect(isDay(text), text).toBe(false);
    }
  });

  it("names the parameter of a day that is no day (a 422 then)", () => {
    for (const [query, field] of [
      [{ from: "0000-01-01" }, "from"],
      [{ to: "2026-02-30" }, "to"],
    ] as const) {
      const parsed = statementsQuery.safeParse(query);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
    }
    expect(statementsQuery.parse({ from: "0001-01-01", to: "9999-12-31" })).toEqual({ from: "0001-01-01", to: "9999-12-31" });
  });
});
