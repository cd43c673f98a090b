// Gold items and retests over real HTTP: what reaches the rater (nothing that
// tells them apart from an ordinary claim), who gets a retest and when, and the
// figures on the Gold and retest page against lib/stats on the same pairs.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { perRaterAgreement, type QualityPair, type RaterQuality } from "@/lib/stats/rater-quality";
import { createStudy } from "@/features/studies/service";
import { api, baseUrl, unique, userWithToken } from "@/tests/integration/helpers";
import { createQueue, raters, rating, submit, type Item, type User } from "@/tests/integration/queues";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { goldAndRetestFigures } from "./service";

let admin: User;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

const CLAIM_KEYS = ["assignmentId", "blindCode", "leaseExpiresAt", "response", "scenario"];
const SCENARIO_KEYS = ["critical_actions", "gold_standard_response", "prompt", "system_prompt"];

/**
 * A study with distinctive identifiers and neutral texts (so a leaked identifier
 * shows): `rated` answers of model-secret-k (the queue's), `gold` answers of
 * model-secret-g with gold scores OH = i mod 5, CH = i mod 4.
 */
async function study(rated: number, gold: number) {
  const { id: studyId } = await createStudy({ name: unique("Gold study") }, admin.user.id);
  const post = (kind: string, body: string) => api(`/api/v1/studies/${studyId}/${kind}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("SCEN-SECRET-G", { prompt: "A neutral prompt.", gold_standard_response: "A neutral gold standard." })))).status).toBe(200);
  const answers = [
    ...Array.from({ length: rated }, (_, i) => answer("SCEN-SECRET-G", "model-secret-k", 40 + i, { response: "A neutral answer." })),
    ...Array.from({ length: gold }, (_, i) => answer("SCEN-SECRET-G", "model-secret-g", 70 + i, { response: "A neutral answer." })),
  ];
  expect((await post("responses", ndjson(answers))).status).toBe(200);
  const goldRows = Array.from({ length: gold }, (_, i) => score("SCEN-SECRET-G", "model-secret-g", 70 + i, i % 5, i % 4));
  if (gold > 0) expect((await post("gold", ndjson(goldRows))).status).toBe(200);
  return studyId;
}

/** A claim as the raw body the rater receives, and parsed. */
async function claimRaw(queueId: string, who: User): Promise<{ status: number; raw: string; item: Item | null }> {
  const response = await fetch(`${baseUrl()}/api/v1/queues/${queueId}/next`, { method: "POST", headers: { authorization: `Bearer ${who.token}` } });
  const raw = await response.text();
  return { status: response.status, raw, item: response.status === 200 ? (JSON.parse(raw) as Item) : null };
}

/** What the database knows of an assignment (never sent to the rater). */
const assignmentOf = (id: string) =>
  prisma.assignment.findUniqueOrThrow({
    where: { id },
    select: { purpose: true, blindCode: true, userId: true, queueItem: { select: { gold: true, response: { select: { id: true, blindCode: true, modelId: true, repetition: true } } } } },
  });

/** Every identifier of the study's answers that a rater must never receive. */
async function secretsOf(studyId: string): Promise<string[]> {
  const answers = await prisma.response.findMany({ where: { studyId }, include: { scenario: true, queueItems: true } });
  return [
    ...answers.flatMap((a) => [a.id, a.modelId, a.scenarioId, a.scenario.externalId, a.importBatchId ?? "batch", ...a.queueItems.map((q) => q.id)]),
    `"model`, `"rep`, `"purpose`, `"gold"`, `"retest`, "model-secret",
  ];
}

function expectBlind(raw: string, item: Item, secrets: string[]) {
  expect(Object.keys(item).sort()).toEqual(CLAIM_KEYS);
  expect(Object.keys(item.scenario).sort()).toEqual(SCENARIO_KEYS);
  expect(Object.keys(item.response)).toEqual(["text"]);
  for (const secret of secrets) expect(raw, secret).not.toContain(secret);
}

describe("gold items", () => {
  it("reach the rater at the queue's rate with exactly the keys of an ordinary claim, under the answer's own blind code", async () => {
    const studyId = await study(3, 2);
    const [r1, r2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { filter: { models: ["model-secret-k"] }, gold: { rate: 0.5 } });
    const secrets = await secretsOf(studyId);

    // At rate 0.5 the first item is an ordinary one: floor(0.5 × 1) = 0.
    const first = await claimRaw(queueId, r1);
    expectBlind(first.raw, first.item as Item, secrets);
    expect((await assignmentOf((first.item as Item).assignmentId)).purpose).toBe("rating");
    const ordinarySubmit = await submit((first.item as Item).assignmentId, r1, rating(1, 0));
    expect(ordinarySubmit.status).toBe(201);

    // Then floor(0.5 × (1 + 0 + 1)) = 1 > 0 gold items: a gold item is due.
    const second = await claimRaw(queueId, r1);
    const item = second.item as Item;
    expectBlind(second.raw, item, await secretsOf(studyId));
    const held = await assignmentOf(item.assignmentId);
    expect(held).toMatchObject({ purpose: "gold", blindCode: null, queueItem: { gold: true, response: { modelId: "model-secret-g" } } });
    expect(item.blindCode).toBe(held.queueItem.response.blindCode);
    const goldSubmit = await submit(item.assignmentId, r1, rating(3, 1));
    expect(goldSubmit.status).toBe(201);
    expect(Object.keys(goldSubmit.body).sort()).toEqual(Object.keys(ordinarySubmit.body).sort());
    // Kept apart: a quality rating, never one of the answer's ratings.
    expect(await prisma.rating.count({ where: { responseId: held.queueItem.response.id } })).toBe(0);
    expect(await prisma.qualityRating.findFirst({ where: { assignmentId: item.assignmentId } })).toMatchObject({ kind: "gold", omissionHarm: 3, userId: r1.user.id });

    // Not due again until floor(0.5 × (rated + 1 + 1)) reaches 2: the next item is ordinary.
    const third = await claimRaw(queueId, r1);
    expect((await assignmentOf((third.item as Item).assignmentId)).purpose).toBe("rating");
    // The gold item is no item of the queue's own: its progress counts the 3 answers only.
    const progress = await api<{ items: number }>(`/api/v1/queues/${queueId}`, { token: admin.token });
    expect(progress.body.items).toBe(3);
  });
});

describe("retests", () => {
  it("come back under a new blind code to the same rater only, and only after the queue's minimum hours", async () => {
    const studyId = await study(4, 0);
    const [r1, r2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { retest: { share: 0.5, minHours: 24 } });
    const secrets = await secretsOf(studyId);
    const answerCodes = new Set((await prisma.response.findMany({ where: { studyId }, select: { blindCode: true } })).map((a) => a.blindCode));

    const seen: Item[] = [];
    for (let i = 0; i < 3; i++) {
      const claim = await claimRaw(queueId, r1);
      const item = claim.item as Item;
      // Due from the second rating on (floor(0.5 × 2) = 1), but nothing is 24 hours old: ordinary claims.
      expect((await assignmentOf(item.assignmentId)).purpose).toBe("rating");
      expect((await submit(item.assignmentId, r1, rating(2, 1))).status).toBe(201);
      seen.push(item);
    }
    // The other rater rates everything open to them and never gets r1's retest.
    const r2Codes: string[] = [];
    for (;;) {
      const claim = await claimRaw(queueId, r2);
      if (claim.status === 204) break;
      const item = claim.item as Item;
      r2Codes.push(item.blindCode);
      expect((await assignmentOf(item.assignmentId)).purpose).toBe("rating");
      expect((await submit(item.assignmentId, r2, rating(1, 0))).status).toBe(201);
    }
    expect(r2Codes).toHaveLength(4);

    // Move r1's ratings back 25 hours (the database's clock decides).
    await prisma.$executeRaw`UPDATE assignments SET submitted_at = submitted_at - interval '25 hours'
      WHERE user_id = ${r1.user.id}::uuid AND purpose = 'rating' AND status = 'submitted'`;
    const retest = await claimRaw(queueId, r1);
    const item = retest.item as Item;
    expectBlind(retest.raw, item, secrets);
    const held = await assignmentOf(item.assignmentId);
    expect(held.purpose).toBe("retest");
    expect(held.userId).toBe(r1.user.id);
    // A new code: none of the answers', none the rater was shown before, and stored on the assignment.
    expect(answerCodes.has(item.blindCode)).toBe(false);
    expect(seen.map((s) => s.blindCode)).not.toContain(item.blindCode);
    expect(r2Codes).not.toContain(item.blindCode);
    expect(held.blindCode).toBe(item.blindCode);
    // It is one of the answers r1 rated.
    expect(seen.map((s) => s.blindCode)).toContain(held.queueItem.response.blindCode);
    expect((await submit(item.assignmentId, r1, rating(3, 1))).status).toBe(201);

    // floor(0.5 × 3) = 1 retest given: the next claim is r1's last ordinary answer; r2 has no retest.
    const after = await claimRaw(queueId, r1);
    expect((await assignmentOf((after.item as Item).assignmentId)).purpose).toBe("rating");
    expect(await prisma.assignment.count({ where: { userId: r2.user.id, purpose: "retest" } })).toBe(0);
  });
});

describe("a retest", () => {
  it("is never of an answer whose text was replaced since the rating: it would pair two texts", async () => {
    const studyId = await study(2, 0);
    const [r1, r2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { retest: { share: 1, minHours: 1 } });
    const first = await claimRaw(queueId, r1);
    expect((await submit((first.item as Item).assignmentId, r1, rating(2, 1))).status).toBe(201);
    await prisma.$executeRaw`UPDATE assignments SET submitted_at = submitted_at - interval '2 hours' WHERE user_id = ${r1.user.id}::uuid`;
    const rated = (await assignmentOf((first.item as Item).assignmentId)).queueItem.response;
    const replacement = answer("SCEN-SECRET-G", rated.modelId, rated.repetition, { response: "A replaced neutral answer." });
    const replaced = await api(`/api/v1/studies/${studyId}/responses?replace=rated`, { method: "POST", token: admin.token, body: ndjson([replacement]) });
    expect(replaced.status).toBe(200);

    // Due (floor(1 × 1) = 1), but the one rating is of the earlier text: the next claim is an ordinary answer.
    const next = await claimRaw(queueId, r1);
    expect((await assignmentOf((next.item as Item).assignmentId)).purpose).toBe("rating");
  });
});

describe("gold and intra-rater figures", () => {
  it("equal lib/stats on the same pairs, flag a physician below the threshold, and leave inter-rater figures unchanged", async () => {
    const studyId = await study(3, 5);
    const [r1, r2] = (await raters(2)) as [User, User];
    // Rate 1: every gold answer first; share 1 with no delay: each rating retested once.
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { filter: { models: ["model-secret-k"] }, gold: { rate: 1 }, retest: { share: 1, minHours: 0 } });
    const goldOf = new Map((await prisma.goldScore.findMany({ where: { studyId } })).map((g) => [g.responseId, g]));

    const expectedGold: QualityPair[] = [];
    const expectedRetest: QualityPair[] = [];
    const firstRating = new Map<string, [number, number]>();
    for (const who of [r1, r2]) {
      let turn = 0;
      for (;;) {
        const claim = await claimRaw(queueId, who);
        if (claim.status === 204) break;
        const item = claim.item as Item;
        const held = await assignmentOf(item.assignmentId);
        const responseId = held.queueItem.response.id;
        turn++;
        // r1 turns the gold scale round (4 − gold OH): far from gold; r2 agrees with it exactly.
        const gold = goldOf.get(responseId);
        const oh = held.purpose === "gold" && gold ? (who === r1 ? 4 - gold.omissionHarm : gold.omissionHarm) : (turn * 3 + (who === r1 ? 1 : 0)) % 5;
        const ch = held.purpose === "gold" && gold ? gold.commissionHarm : turn % 4;
        expect((await submit(item.assignmentId, who, rating(oh, ch))).status).toBe(201);
        if (held.purpose === "gold" && gold) expectedGold.push({ userId: who.user.id, omission_harm: [oh, gold.omissionHarm], commission_harm: [ch, gold.commissionHarm] });
        if (held.purpose === "rating") firstRating.set(`${who.user.id}/${responseId}`, [oh, ch]);
        if (held.purpose === "retest") {
          const [a, b] = firstRating.get(`${who.user.id}/${responseId}`) ?? [-9, -9];
          expectedRetest.push({ userId: who.user.id, omission_harm: [a, oh], commission_harm: [b, ch] });
        }
      }
    }
    expect(expectedGold).toHaveLength(10);
    expect(expectedRetest).toHaveLength(6);

    const figures = await goldAndRetestFigures(studyId, { threshold: 0.6, minItems: 5 });
    const byUser = (rows: { userId: string }[]) => [...rows].sort((a, b) => a.userId.localeCompare(b.userId));
    const strip = (rows: RaterQuality[]) => byUser(rows.map(({ userId, omission_harm, commission_harm }) => ({ userId, omission_harm, commission_harm })));
    expect(strip(figures.gold)).toEqual(byUser(perRaterAgreement(expectedGold)));
    expect(strip(figures.retest)).toEqual(byUser(perRaterAgreement(expectedRetest)));
    // r1: κ quadratic on OH well below 0.6 after 5 gold items; r2 agrees exactly (κ = 1).
    const flagged = Object.fromEntries(figures.gold.map((g) => [g.userId, g.flagged]));
    expect(flagged).toEqual({ [r1.user.id]: true, [r2.user.id]: false });
    expect(figures.gold.find((g) => g.userId === r1.user.id)?.omission_harm.kappa_quadratic).toBeLessThan(0);
    expect(figures.gold.find((g) => g.userId === r2.user.id)?.omission_harm.kappa_quadratic).toBe(1);
    // Not yet after 6 items: no flag.
    expect((await goldAndRetestFigures(studyId, { threshold: 0.6, minItems: 6 })).gold.every((g) => !g.flagged)).toBe(true);

    // Inter-rater agreement, Results and the analysis read the ratings only: without the 16 quality ratings they are the same.
    const read = async () =>
      Promise.all(
        [`/api/v1/studies/${studyId}/agreement?scale=omission_harm`, `/api/v1/studies/${studyId}/results`, `/api/v1/studies/${studyId}/analysis?source=physicians`].map(
          async (path) => {
            const result = await api(path, { token: admin.token });
            expect(result.status, path).toBe(200);
            // The figures, without the time they were computed at.
            return JSON.parse(JSON.stringify(result.body, (key, value: unknown) => (key === "generated_at" ? undefined : value))) as unknown;
          },
        ),
      );
    const withQuality = await read();
    expect(await prisma.rating.count({ where: { response: { studyId } } })).toBe(6);
    expect(await prisma.qualityRating.deleteMany({ where: { response: { studyId } } })).toEqual({ count: 16 });
    expect(await read()).toEqual(withQuality);
  }, 180_000);
});

describe("what may come as a gold item", () => {
  it("a gold answer the rater could not assess counts as given and never comes back", async () => {
    const studyId = await study(3, 2);
    const [r1, r2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { filter: { models: ["model-secret-k"] }, gold: { rate: 0.5 } });
    const purposeOf = async (claim: { item: Item | null }) => (await assignmentOf((claim.item as Item).assignmentId)).purpose;

    const first = await claimRaw(queueId, r1);
    expect(await purposeOf(first)).toBe("rating");
    expect((await submit((first.item as Item).assignmentId, r1)).status).toBe(201);
    const gold = await claimRaw(queueId, r1);
    expect(await purposeOf(gold)).toBe("gold");
    expect((await submit((gold.item as Item).assignmentId, r1, { cannot_assess: { reason: "unreadable" } })).status).toBe(201);

    // One gold item given (the abstention counts) against one rating: the next is an ordinary item.
    const third = await claimRaw(queueId, r1);
    expect(await purposeOf(third)).toBe("rating");
    expect((await submit((third.item as Item).assignmentId, r1)).status).toBe(201);
    // Due again now, and never the answer they could not assess.
    const fourth = await claimRaw(queueId, r1);
    expect(await purposeOf(fourth)).toBe("gold");
    expect((fourth.item as Item).blindCode).not.toBe((gold.item as Item).blindCode);
  });

  it("is never a case outside the queue's categories, where it would stand out", async () => {
    const { id: studyId } = await createStudy({ name: unique("Gold scope") }, admin.user.id);
    const post = (kind: string, body: string) => api(`/api/v1/studies/${studyId}/${kind}`, { method: "POST", token: admin.token, body });
    expect((await post("scenarios", ndjson([scenario("IN-1", { quadrant: "medication" }), scenario("OUT-1", { quadrant: "golden_hour" })]))).status).toBe(200);
    expect((await post("responses", ndjson([0, 1, 2].map((rep) => answer("IN-1", "m", rep)).concat([answer("OUT-1", "m", 0), answer("IN-1", "g", 0)])))).status).toBe(200);
    expect((await post("gold", ndjson([score("OUT-1", "m", 0, 1, 0), score("IN-1", "g", 0, 2, 1)]))).status).toBe(200);
    const [r1, r2] = (await raters(2)) as [User, User];
    const { id: queueId } = await createQueue(admin, studyId, [r1, r2], { filter: { categories: ["medication"], models: ["m"] }, gold: { rate: 1 } });

    const offered: string[] = [];
    for (;;) {
      const claim = await claimRaw(queueId, r1);
      if (claim.status === 204) break;
      const held = await assignmentOf((claim.item as Item).assignmentId);
      offered.push(`${held.purpose}:${held.queueItem.response.blindCode}`);
      expect((await submit((claim.item as Item).assignmentId, r1)).status).toBe(201);
    }
    const outside = await prisma.response.findFirstOrThrow({ where: { studyId, scenario: { externalId: "OUT-1" } } });
    const inside = await prisma.response.findFirstOrThrow({ where: { studyId, modelId: "g" } });
    expect(offered).toContain(`gold:${inside.blindCode}`);
    expect(offered.join()).not.toContain(outside.blindCode);
  });
});

