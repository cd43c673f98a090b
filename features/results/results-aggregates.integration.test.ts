// Without a filter, the results read the per-study aggregates the triggers
// keep; studyResultsLive computes the same page with the queries a filter
// uses. Field by field they must agree, on a study with everything the
// aggregates must get right: several physician pairs, a third physician,
// an answer with one rating, two machine raters (one could not score an
// answer, -1), critical actions of unequal lengths, a replaced answer whose
// earlier ratings no longer count, and a rating given to its new text.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { studyResults, studyResultsLive, type StudyResults } from "@/features/results/results";
import { unique } from "@/tests/integration/helpers";

let studyId = "";
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const ACTIONS = [["hit", "miss"], ["partial"], ["miss", "hit", "hit"], ["hit", "hit"]] as const;

beforeAll(async () => {
  const study = await prisma.study.create({ data: { name: unique("aggregate results") } });
  studyId = study.id;
  const scenario = await prisma.scenario.create({ data: { studyId, externalId: "S1", category: "c", acuityWeight: 1, prompt: "p", goldStandard: "g", contentHash: "h" } });
  await prisma.response.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({ studyId, scenarioId: scenario.id, modelId: `m${i % 3}`, repetition: i, text: "t", blindCode: unique("R"), contentHash: "h" })),
  });
  const answers = await prisma.response.findMany({ where: { studyId }, orderBy: { repetition: "asc" } });
  const doctors = await Promise.all(
    Array.from({ length: 5 }, async (_, i) => {
      const user = await prisma.user.create({ data: { email: `${unique("doc")}@test.tandem`, name: `Dr ${i}`, role: "rater", passwordHash: "x" } });
      return prisma.rater.create({ data: { kind: "physician", userId: user.id, name: `Dr ${i}` } });
    }),
  );
  const judges = await Promise.all(["judge a", "judge b"].map((name) => prisma.rater.create({ data: { kind: "machine", studyId, name } })));
  // Answers 0–35 rated by two physicians, answer 36 by one, 37–39 by none; every third answer by a third physician as well.
  await prisma.rating.createMany({
    data: answers.slice(0, 37).flatMap((r, i) => {
      const raters = [i % 5, (i + 1 + (i % 3)) % 5, (i + 3) % 5].slice(0, i === 36 ? 1 : i % 3 === 0 ? 3 : 2);
      return raters.map((d, k) => ({
        responseId: r.id,
        raterId: doctors[d]?.id ?? "",
        raterKind: "physician" as const,
        omissionHarm: (i + k * (i % 2)) % 5,
        commissionHarm: (i * 7 + k) % 4,
        criticalActionResults: [...(ACTIONS[(i + k) % 4] ?? [])],
        createdAt: at(k * 60 + i),
      }));
    }),
  });
  await prisma.rating.createMany({
    data: answers.flatMap((r, i) => [
      { responseId: r.id, raterId: judges[0]?.id ?? "", raterKind: "machine" as const, omissionHarm: i % 7 === 0 ? -1 : (i * 3) % 5, commissionHarm: i % 4 },
      ...(i % 2 ? [{ responseId: r.id, raterId: judges[1]?.id ?? "", raterKind: "machine" as const, omissionHarm: i % 5, commissionHarm: (i + 1) % 4 }] : []),
    ]),
  });
  // Answer 5's text replaced; one of its physicians and the first judge rate the new text.
  const replaced = answers[5]?.id ?? "";
  await prisma.response.update({ where: { id: replaced }, data: { version: 2, text: "t2" } });
  const again = await prisma.rating.findFirstOrThrow({ where: { responseId: replaced, raterKind: "physician" } });
  await prisma.rating.update({ where: { id: again.id }, data: { answerVersion: 2, omissionHarm: 4 } });
  await prisma.rating.updateMany({ where: { responseId: replaced, raterId: judges[0]?.id ?? "" }, data: { answerVersion: 2 } });
});

/** The whole page but the time it was generated. */
const figures = ({ generated_at: _, ...rest }: StudyResults) => rest;

describe("results without a filter, from the aggregates", () => {
  it("equal the live queries' results, field by field", async () => {
    const fromAggregates = figures(await studyResults(studyId));
    const live = figures(await studyResultsLive(studyId));
    // The study exercises what matters: every physician, several pairs, both judges, a third rating, unrated answers.
    expect(live.progress.physicians).toHaveLength(5);
    expect(live.physician_pairs.length).toBeGreaterThan(3);
    expect(live.machines.map((m) => m.rater)).toEqual(["judge a", "judge b"]);
    expect(live.progress.by_ratings).toEqual({ none: 3, one: 2, two_or_more: 35 });
    for (const field of Object.keys(live) as (keyof typeof live)[]) {
      expect(fromAggregates[field], field).toEqual(live[field]);
    }
    expect(fromAggregates).toEqual(live);
  });

  it("follow an edit and a deletion at once, still equal to the live queries", async () => {
    const rating = await prisma.rating.findFirstOrThrow({ where: { response: { studyId, repetition: 10 }, raterKind: "physician" }, orderBy: { createdAt: "asc" } });
    const before = await studyResults(studyId);
    await prisma.rating.update({ where: { id: rating.id }, data: { omissionHarm: (rating.omissionHarm + 2) % 5, criticalActionResults: ["partial", "partial"] } });
    await prisma.rating.deleteMany({ where: { response: { studyId, repetition: 11 } } });
    const after = figures(await studyResults(studyId));
    expect(after.progress.by_ratings).toEqual({ none: 4, one: 2, two_or_more: 34 });
    expect(after.pooled.omission_harm.n).not.toEqual(before.pooled.omission_harm.n);
    expect(after).toEqual(figures(await studyResultsLive(studyId)));
  });
});
