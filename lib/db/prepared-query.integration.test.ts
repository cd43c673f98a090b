// preparedQuery: one name may be given a new text, as when a statement is
// edited while the development server keeps its pool and the connections that
// prepared the old text; the new text is prepared, never refused.
import { describe, expect, it } from "vitest";
import { preparedQuery } from "./prisma";

describe("preparedQuery", () => {
  it("runs a name's new text on connections that prepared its old one", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await preparedQuery<{ x: number }>("prepared_query_test", "SELECT 1::int AS x", [])).toEqual([{ x: 1 }]);
      expect(await preparedQuery<{ x: number }>("prepared_query_test", "SELECT $1::int + 1 AS x", [1])).toEqual([{ x: 2 }]);
    }
  });
});
