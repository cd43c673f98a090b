import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { authenticateWithPassword } from "@/lib/auth/identity";
import { DEMO_JUDGE, DEMO_MODELS, DEMO_REPETITIONS } from "./answers";
import { DEMO_SCENARIOS } from "./scenarios";
import { databaseIsEmpty, seedDemo } from "./seed";

describe("the demo seed", () => {
  it("creates demo accounts whose printed passwords sign in, and a study ready for double rating", async () => {
    const credentials = await seedDemo();
    expect(credentials.map((c) => c.role).sort()).toEqual(["admin", "rater", "rater", "researcher"]);
    for (const { email, password, role } of credentials) {
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(await authenticateWithPassword(email, password)).toMatchObject({ email, role });
    }
    expect(await databaseIsEmpty()).toBe(false);

    const study = await prisma.study.findFirstOrThrow({
      where: { name: { startsWith: "Demo:" } },
      include: { scenarios: { include: { criticalActions: true } }, queues: { include: { raters: true, items: true } } },
    });
    const responses = await prisma.response.findMany({ where: { studyId: study.id } });
    expect(study.scenarios).toHaveLength(DEMO_SCENARIOS.length);
    expect(responses).toHaveLength(DEMO_SCENARIOS.length * DEMO_MODELS.length * DEMO_REPETITIONS);
    expect(new Set(responses.map((r) => r.blindCode)).size).toBe(responses.length);
    const pair = study.scenarios.filter((s) => s.decouplingPairId !== null);
    expect(pair.map((s) => s.decouplingFraming).sort()).toEqual(["layperson", "physician"]);
    const d3a = study.scenarios.find((s) => s.externalId === "D3a");
    expect(d3a?.criticalActions.sort((a, b) => a.position - b.position).map((a) => a.safetyColliding)).toEqual([
      true, false, false, true, false, true,
    ]);
    const [queue] = study.queues;
    expect(queue).toMatchObject({ ratingsPerItem: 2 });
    expect(queue?.raters).toHaveLength(2);
    expect(queue?.items).toHaveLength(responses.length);

    // A made-up judge scored every answer, -1 on the filtered one, with one action result per critical action.
    const scores = await prisma.rating.findMany({ where: { response: { studyId: study.id } }, include: { rater: true, response: { include: { scenario: { include: { criticalActions: true } } } } } });
    expect(scores).toHaveLength(responses.length);
    expect(scores.every((s) => s.rater.name === DEMO_JUDGE && s.raterKind === "machine")).toBe(true);
    expect(scores.filter((s) => s.omissionHarm === -1).map((s) => s.response.contentFiltered)).toEqual([true]);
    expect(scores.every((s) => s.criticalActionResults.length === s.response.scenario.criticalActions.length)).toBe(true);
  });
});
