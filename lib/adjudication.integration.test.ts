// The claim's SQL rule and the pure rule of lib/stats/consensus.ts decide
// alike: the same rating sets, run through both, in PostgreSQL and in JS.
import { describe, expect, it } from "vitest";
import { prisma, Prisma } from "@/lib/db/prisma";
import { needsAdjudication, type RatedScores } from "@/lib/stats/consensus";
import { seededRandom } from "@/lib/stats/random";
import { needsAdjudicationSql } from "./adjudication";

const RESULTS = ["hit", "partial", "miss"];

async function sqlSays(ratings: RatedScores[], threshold: number, actions: boolean): Promise<boolean> {
  const rows = Prisma.join(ratings.map((r) => Prisma.sql`(${r.oh}::int, ${r.ch}::int, ${r.actions as string[]}::text[])`));
  const source = Prisma.sql`SELECT * FROM (VALUES ${rows}) AS v(oh, ch, actions)`;
  const [row] = await prisma.$queryRaw<{ needs: boolean }[]>`SELECT ${needsAdjudicationSql(source, Prisma.sql`${threshold}::int`, Prisma.sql`${actions}::boolean`)} AS needs`;
  return row?.needs ?? false;
}

describe("needsAdjudicationSql", () => {
  it("agrees with needsAdjudication on the hand-worked cases", async () => {
    const r = (oh: number, ch = 0, actions: string[] = []) => ({ oh, ch, actions });
    const cases: [RatedScores[], number, boolean][] = [
      [[r(0), r(3)], 2, false],
      [[r(0), r(1)], 2, false],
      [[r(1, 0), r(1, 2)], 2, false],
      [[r(1), r(2), r(3)], 2, false],
      [[r(1), r(2), r(2)], 2, false],
      [[r(1, 0, ["hit", "miss"]), r(1, 0, ["miss", "miss"])], 2, true],
      [[r(1, 0, ["hit", "miss"]), r(1, 0, ["miss", "miss"])], 2, false],
      [[r(1, 0, ["hit", "partial"]), r(1, 0, ["partial", "miss"])], 2, true],
      [[r(4, 3, ["hit"])], 1, true],
    ];
    for (const [ratings, threshold, actions] of cases) {
      expect(await sqlSays(ratings, threshold, actions), JSON.stringify(ratings)).toBe(needsAdjudication(ratings, { threshold, actions }));
    }
  });

  it("agrees with needsAdjudication on 150 random rating sets (k 2–3, t 1–4, with and without critical actions)", async () => {
    const random = seededRandom(12);
    const pick = (n: number) => Math.floor(random() * n);
    let needed = 0;
    for (let i = 0; i < 150; i += 1) {
      const width = 1 + pick(3);
      const ratings = Array.from({ length: 2 + pick(2) }, () => ({
        oh: pick(5),
        ch: pick(4),
        actions: Array.from({ length: width }, () => RESULTS[pick(3)] as string),
      }));
      const rule = { threshold: 1 + pick(4), actions: random() < 0.5 };
      const pure = needsAdjudication(ratings, rule);
      if (pure) needed += 1;
      expect(await sqlSays(ratings, rule.threshold, rule.actions), JSON.stringify({ ratings, rule })).toBe(pure);
    }
    // Both outcomes were exercised.
    expect(needed).toBeGreaterThan(10);
    expect(needed).toBeLessThan(140);
  });
});
