// The results page's figures (GET /api/v1/studies/{id}/results) and the
// ratings export, over HTTP, on a study two physicians rated through a queue.
// Reference values: scikit-learn 1.2.1 (/usr/bin/python3), e.g.
//   cohen_kappa_score([0,1,2,3,4], [0,2,2,1,4], labels=range(5), weights="quadratic") = 0.736842105263158
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createStudy } from "@/features/studies/service";
import { createApiToken, createUser } from "@/features/users/service";
import { newTokenSchema, newUserSchema } from "@/features/users/schemas";
import { freePort } from "@/scripts/db/embedded-postgres";
import { exited, startAppServer, waitForHttp } from "@/scripts/lib/next-server";
import type { StudyResults } from "@/features/results/results";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, baseUrl, unique, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";

type Key = "A1" | "A2" | "A3" | "A4" | "A5" | "A6" | "A7";
// A1–A3: S1 by m-a, A4–A6: S1 by m-b, A7: S2 ("chronic") by m-a.
const ANSWERS: Record<Key, [scenario: string, model: string, rep: number]> = {
  A1: ["S1", "m-a", 1], A2: ["S1", "m-a", 2], A3: ["S1", "m-a", 3],
  A4: ["S1", "m-b", 1], A5: ["S1", "m-b", 2], A6: ["S1", "m-b", 3], A7: ["S2", "m-a", 1],
};
type Given = { oh: number; ch: number; actions: string[]; reasoning?: string };
// The first physician rates A1–A6 and skips A7; the second rates A1–A5 and skips A6, A7.
const FIRST: Partial<Record<Key, Given>> = {
  A1: { oh: 0, ch: 0, actions: ["hit", "hit", "hit"] },
  A2: { oh: 1, ch: 0, actions: ["hit", "partial", "miss"], reasoning: "=HYPERLINK(\"http://evil\")" },
  A3: { oh: 2, ch: 1, actions: ["partial", "partial", "miss"] },
  A4: { oh: 3, ch: 2, actions: ["hit", "miss", "miss"] },
  A5: { oh: 4, ch: 3, actions: ["miss", "miss", "miss"] },
  A6: { oh: 3, ch: 1, actions: ["miss", "miss", "miss"] },
};
const SECOND: Partial<Record<Key, Given>> = {
  A1: { oh: 0, ch: 0, actions: ["hit", "hit", "hit"] },
  A2: { oh: 2, ch: 1, actions: ["hit", "miss", "miss"] },
  A3: { oh: 2, ch: 1, actions: ["partial", "partial", "miss"] },
  A4: { oh: 1, ch: 2, actions: ["hit", "hit", "miss"] },
  A5: { oh: 4, ch: 3, actions: ["miss", "miss", "partial"] },
};
// The judge's OH; it could not score A4.
const JUDGE: Record<Key, number> = { A1: 0, A2: 0, A3: 2, A4: -1, A5: 4, A6: 1, A7: 3 };

let admin: Awaited<ReturnType<typeof userWithToken>>;
let researcher: Awaited<ReturnType<typeof userWithToken>>;
let studyId = "";
let queueId = "";
const physicians: { name: string; email: string; token: string }[] = [];

async function physician(name: string) {
  const email = `${unique("doc")}@test.tandem`;
  await createUser(newUserSchema.parse({ email, name, role: "rater", password: "correct horse battery" }));
  const { token } = await createApiToken(newTokenSchema.parse({ email, label: "test" }));
  return { name, email, token };
}

/** Claims until the queue is done for this rater, rating or skipping each answer as `plan` says. */
async function rateQueue(who: { token: string }, plan: Partial<Record<Key, Given>>) {
  const byCode = new Map((await prisma.response.findMany({ where: { studyId }, select: { blindCode: true, scenario: { select: { externalId: true } }, modelId: true, repetition: true } })).map((r) => [
    r.blindCode,
    (Object.entries(ANSWERS).find(([, [s, m, rep]]) => s === r.scenario.externalId && m === r.modelId && rep === r.repetition)?.[0] ?? "") as Key,
  ]));
  for (;;) {
    const claim = await api<{ assignmentId: string; blindCode: string }>(`/api/v1/queues/${queueId}/next`, { method: "POST", token: who.token });
    if (claim.status === 204) return;
    const given = plan[byCode.get(claim.body.blindCode) as Key];
    const path = `/api/v1/assignments/${claim.body.assignmentId}`;
    const result = given
      ? await api(`${path}/rating`, { method: "POST", token: who.token, json: { omission_harm: given.oh, commission_harm: given.ch, critical_action_results: given.actions, response_class: "substantive", omission_mechanism: "none", reasoning: given.reasoning ?? "Fine." } })
      : await api(`${path}/skip`, { method: "POST", token: who.token, json: { reason: "Not this one." } });
    expect(result.status).toBeLessThan(300);
  }
}

const results = (query = "") => api<StudyResults & Partial<ApiErrorBody>>(`/api/v1/studies/${studyId}/results${query}`, { token: researcher.token });

beforeAll(async () => {
  admin = await userWithToken("admin");
  researcher = await userWithToken("researcher");
  studyId = (await createStudy({ name: unique("Results study") }, admin.user.id)).id;
  const post = async (path: string, rows: unknown[]) => expect((await api(`/api/v1/studies/${studyId}/${path}`, { method: "POST", token: admin.token, body: ndjson(rows) })).status).toBe(200);
  await post("scenarios", [scenario("S1"), scenario("S2", { quadrant: "chronic" })]);
  await post("responses", Object.values(ANSWERS).map(([s, m, rep]) => answer(s, m, rep)));
  await post("scores?rater=judge", Object.entries(JUDGE).map(([key, oh]) => {
    const [s, m, rep] = ANSWERS[key as Key];
    return score(s, m, rep, oh, oh === -1 ? -1 : 0);
  }));
  physicians.push(await physician("Dr Ada"), await physician("Dr Bea"));
  const queue = await api<{ id: string }>(`/api/v1/studies/${studyId}/queues`, { method: "POST", token: admin.token, json: { name: "double", raters: physicians.map((p) => p.email) } });
  queueId = queue.body.id;
  await rateQueue(physicians[0] as (typeof physicians)[number], FIRST);
  await rateQueue(physicians[1] as (typeof physicians)[number], SECOND);
});

describe("GET /api/v1/studies/{id}/results", () => {
  it("reports progress: answers by physician ratings, ratings per physician, time per rating", async () => {
    const { status, body } = await results();
    expect(status).toBe(200);
    expect(body.progress).toMatchObject({ answers: 7, by_ratings: { none: 1, one: 1, two_or_more: 5 } });
    // Every answer is in the queue, so the queued answers are the study's.
    expect(body.progress.queued).toEqual({ answers: 7, by_ratings: { none: 1, one: 1, two_or_more: 5 } });
    expect(body.progress.physicians.map((p) => [p.name, p.ratings])).toEqual([["Dr Ada", 6], ["Dr Bea", 5]]);
    expect(body.progress.median_seconds).toBeGreaterThanOrEqual(0);
  });

  it("pools the first and second physician rating of each answer, matching scikit-learn", async () => {
    const { body } = await results();
    const oh = body.pooled.omission_harm;
    expect(oh.confusion).toEqual([[1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 1]]);
    expect(oh.n).toBe(5);
    expect(oh.exact).toBeCloseTo(0.6, 12);
    expect(oh.within1).toBeCloseTo(0.8, 12);
    expect(oh.kappa).toBeCloseTo(0.5, 10);
    expect(oh.kappa_linear).toBeCloseTo(0.6153846153846154, 10);
    expect(oh.kappa_quadratic).toBeCloseTo(0.736842105263158, 10);
    // Five pairs are too few for an interval: every ci95 is null, the figures stay.
    expect(Object.values(oh.ci95)).toHaveLength(8);
    expect(Object.values(oh.ci95).every((ci) => ci === null)).toBe(true);
    expect(oh).not.toHaveProperty("judge_miss_rate");
    const ch = body.pooled.commission_harm;
    expect(ch.kappa).toBeCloseTo(0.736842105263158, 10);
    expect(ch.kappa_quadratic).toBeCloseTo(0.9180327868852459, 10);
    // Cumulative over slices of time; the last point is the whole.
    const ns = oh.over_time.map((p) => p.n);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    expect(ns.at(-1)).toBe(5);
    expect(oh.over_time.at(-1)?.kappa_quadratic).toBeCloseTo(0.736842105263158, 10);
  });

  it("has a table per physician pair, physicians versus the judge with its miss rate, and critical-action agreement", async () => {
    const { body } = await results();
    expect(body.physician_pairs).toHaveLength(1);
    expect([body.physician_pairs[0]?.a, body.physician_pairs[0]?.b].sort()).toEqual(["Dr Ada", "Dr Bea"]);
    expect(body.physician_pairs[0]?.omission_harm.kappa_quadratic).toBeCloseTo(0.736842105263158, 10);
    const [judge] = body.machines;
    expect(judge?.rater).toBe("judge");
    // 11 physician ratings, less the two on A4, which the judge could not score.
    expect(judge?.omission_harm.n).toBe(9);
    expect(judge?.omission_harm.kappa_quadratic).toBeCloseTo(0.7906976744186046, 10);
    // Physician OH >= 1 on A2 (×2), A3 (×2), A5 (×2), A6: 7 pairs; the judge gave 0 on A2's two.
    expect(judge?.omission_harm.judge_miss_rate).toBeCloseTo(2 / 7, 12);
    expect(judge?.omission_harm.judge).toBe("judge");
    expect(body.physician_pairs[0]?.omission_harm).not.toHaveProperty("judge_miss_rate");
    expect(body.critical_actions.n).toBe(15);
    expect(body.critical_actions.exact).toBeCloseTo(0.8, 12);
    expect(body.critical_actions.kappa).toBeCloseTo(0.6875, 10);
  });

  it("recomputes everything under a filter, and reports undefined figures as null", async () => {
    const byModel = (await results("?model=m-a")).body;
    expect(byModel.progress).toMatchObject({ answers: 4, by_ratings: { none: 1, one: 0, two_or_more: 3 } });
    expect(byModel.pooled.omission_harm.kappa_quadratic).toBeCloseTo(0.8, 10);
    const chronic = (await results("?category=chronic")).body;
    expect(chronic.progress.answers).toBe(1);
    expect(chronic.pooled.omission_harm).toMatchObject({ n: 0, exact: null, kappa: null, kappa_quadratic: null, over_time: [] });
    expect(chronic.machines).toEqual([]);
    const queue = (await results(`?queue=${queueId}`)).body;
    expect(queue.pooled.omission_harm.n).toBe(5);
    const unpaired = (await results("?framing=none")).body;
    expect(unpaired.progress.answers).toBe(7);
    expect((await results("?framing=layperson")).body.progress.answers).toBe(0);
  });

  it("takes a list of models and models to leave out, giving the figures of that subset", async () => {
    const figures = (body: StudyResults) => ({ progress: body.progress, pooled: body.pooled, physician_pairs: body.physician_pairs, machines: body.machines, critical_actions: body.critical_actions });
    const whole = (await results()).body;
    const onlyA = (await results("?model=m-a")).body;
    const onlyB = (await results("?model=m-b")).body;
    // The subset is the one the single-model filter computes; both models together are the whole study.
    expect(figures((await results("?models=m-a,m-b")).body)).toEqual(figures(whole));
    expect(figures((await results("?excludeModels=m-b")).body)).toEqual(figures(onlyA));
    expect(figures((await results("?models=m-b,%20&excludeModels=m-a")).body)).toEqual(figures(onlyB));
    expect(figures((await results("?models=m-a,m-b&excludeModels=m-a,m-b")).body).progress.answers).toBe(0);
    expect(onlyA.progress.answers + onlyB.progress.answers).toBe(whole.progress.answers);
    expect(onlyB.pooled.omission_harm.n).toBe(2);
    const listed = (await results("?models=m-b")).body;
    expect(listed.scope).toMatchObject({ models: ["m-b"] });
  });

  it("refuses a listed model the study lacks with a 422 naming the parameter", async () => {
    for (const [query, field, name] of [["?models=m-a,gpt-9", "models", "gpt-9"], ["?excludeModels=nope", "excludeModels", "nope"]] as const) {
      const { status, body } = await results(query);
      expect(status, query).toBe(422);
      expect(body.error?.details.map((d) => d.field)).toEqual([field]);
      expect(body.error?.message).toContain(name);
      const exported = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings${query}`, { token: researcher.token });
      expect(exported.status, query).toBe(422);
      expect(exported.body.error.details.map((d) => d.field)).toEqual([field]);
    }
  });

  it("compares two named raters, a physician and the judge, on the answers both scored", async () => {
    const raterId = async (name: string) => (await prisma.rater.findFirstOrThrow({ where: { name, OR: [{ studyId }, { kind: "physician" }] }, orderBy: { createdAt: "desc" } })).id;
    const [ada, judge] = [await raterId("Dr Ada"), await raterId("judge")];
    const { status, body } = await results(`?raterA=${ada}&raterB=${judge}`);
    expect(status).toBe(200);
    const pair = body.named_pair;
    expect(pair).toMatchObject({ a: "Dr Ada", b: "judge" });
    // Ada rated A1–A6; the judge could not score A4: OH pairs (0,0) (1,0) (2,2) (4,4) (3,1).
    expect(pair?.omission_harm.n).toBe(5);
    expect(pair?.omission_harm.kappa_quadratic).toBeCloseTo(0.782608695652174, 10);
    // Ada gave OH >= 1 on four of them; the judge gave 0 on one (A2).
    expect(pair?.omission_harm.judge_miss_rate).toBeCloseTo(0.25, 12);
    expect(pair?.omission_harm.judge).toBe("judge");
    // Five pairs: the figures, but no interval.
    expect(pair?.omission_harm.ci95.kappa_quadratic).toBeNull();
    // The judge named first: the table turns, the miss rate stays the judge's.
    const turned = (await results(`?raterA=${judge}&raterB=${ada}`)).body.named_pair;
    expect(turned?.omission_harm.confusion).toEqual(pair?.omission_harm.confusion.map((row, i) => row.map((_, j) => pair.omission_harm.confusion[j]?.[i])));
    expect(turned?.omission_harm).toMatchObject({ judge: "judge", judge_miss_rate: pair?.omission_harm.judge_miss_rate });
    // Two physicians: no judge, so no miss rate, whichever is named first.
    const bea = await raterId("Dr Bea");
    for (const [a, b] of [[ada, bea], [bea, ada]]) {
      const physicians = (await results(`?raterA=${a}&raterB=${b}`)).body.named_pair;
      expect(physicians?.omission_harm.n).toBe(5);
      expect(physicians?.omission_harm).not.toHaveProperty("judge_miss_rate");
    }
    expect((await results()).body.named_pair).toBeNull();
    const stranger = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/results?raterA=${ada}&raterB=${admin.user.id}`, { token: researcher.token });
    expect(stranger.status).toBe(404);
  });

  it("404s a queue of another study and refuses raters", async () => {
    const other = (await createStudy({ name: unique("Other") }, admin.user.id)).id;
    const wrong = await api<ApiErrorBody>(`/api/v1/studies/${other}/results?queue=${queueId}`, { token: researcher.token });
    expect(wrong.status).toBe(404);
    expect((await api(`/api/v1/studies/${studyId}/results`, { token: physicians[0]?.token ?? "" })).status).toBe(403);
  });
});

describe("GET /api/v1/studies/{id}/ratings", () => {
  it("exports every rating unblinded as CSV, with formulas neutralised and -1 kept as a number", async () => {
    const { status, body, contentType } = await api<string>(`/api/v1/studies/${studyId}/ratings?format=csv`, { token: researcher.token });
    expect(status).toBe(200);
    expect(contentType).toContain("text/csv");
    const lines = body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("rating_id,scenario_id,model_id,repetition,blind_code,rater,rater_kind,queue,omission_harm,commission_harm,critical_action_results,response_class,omission_mechanism,reasoning,version,answer_version,answer_current,created_at,updated_at,framing,content_filtered,time_on_task_seconds");
    // 6 + 5 physician ratings and 7 judge scores.
    expect(lines).toHaveLength(1 + 11 + 7);
    const ada = lines.find((l) => l.includes(",Dr Ada,") && l.includes("hit;partial;miss"));
    expect(ada).toContain(`,S1,m-a,2,`);
    expect(ada).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(ada).toContain(",double,1,0,");
    expect(lines.find((l) => l.includes(",judge,machine,") && l.includes(",m-b,1,"))).toContain(",-1,-1,");
  });

  it("exports the same ratings as NDJSON, and refuses a rater and an unknown format", async () => {
    const { body, contentType } = await api<string>(`/api/v1/studies/${studyId}/ratings?format=ndjson`, { token: admin.token });
    expect(contentType).toContain("application/x-ndjson");
    const rows = body.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(18);
    expect(rows.find((r) => r.rater === "Dr Ada" && r.model_id === "m-a" && r.repetition === 2)).toMatchObject({ scenario_id: "S1", omission_harm: 1, reasoning: "=HYPERLINK(\"http://evil\")", queue: "double" });
    expect((await api(`/api/v1/studies/${studyId}/ratings?format=csv`, { token: physicians[0]?.token ?? "" })).status).toBe(403);
    const bad = await api<ApiErrorBody>(`/api/v1/studies/${studyId}/ratings?format=xlsx`, { token: researcher.token });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0]?.field).toBe("format");
  });
});

describe("GET /api/v1/studies/{id}/ratings by models", () => {
  it("exports the ratings of the listed models, less those left out", async () => {
    const rows = async (query: string) => {
      const { status, body } = await api<string>(`/api/v1/studies/${studyId}/ratings?format=ndjson&${query}`, { token: researcher.token });
      expect(status, query).toBe(200);
      return body.trimEnd().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { rating_id: string; model_id: string });
    };
    const ids = (list: { rating_id: string }[]) => list.map((r) => r.rating_id).sort();
    const all = await rows("");
    const a = all.filter((r) => r.model_id === "m-a");
    expect(a.length).toBeGreaterThan(0);
    expect(ids(await rows("models=m-a"))).toEqual(ids(a));
    expect(ids(await rows("excludeModels=m-b"))).toEqual(ids(a));
    expect(ids(await rows("models=m-a,m-b"))).toEqual(ids(all));
    expect(await rows("models=m-a&excludeModels=m-a")).toEqual([]);
  });
});

describe("a third physician on an answer", () => {
  it("counts in ratings per physician, while the pooled pair stays the first two", async () => {
    const a1 = await prisma.response.findFirstOrThrow({ where: { studyId, modelId: "m-a", repetition: 1, scenario: { externalId: "S1" } } });
    const third = await physician("Dr Cy");
    const rater = await prisma.rater.findFirstOrThrow({ where: { user: { email: third.email } } });
    await prisma.rating.create({ data: { responseId: a1.id, raterId: rater.id, raterKind: "physician", omissionHarm: 4, commissionHarm: 3, criticalActionResults: ["miss", "miss", "miss"], responseClass: "hard_refusal", omissionMechanism: "safety_refusal", reasoning: "Third look." } });
    const { body } = await results();
    expect(body.progress.physicians.map((p) => [p.name, p.ratings])).toEqual([["Dr Ada", 6], ["Dr Bea", 5], ["Dr Cy", 1]]);
    expect(body.progress.by_ratings).toEqual({ none: 1, one: 1, two_or_more: 5 });
    expect(body.pooled.omission_harm.kappa_quadratic).toBeCloseTo(0.736842105263158, 10);
  });
});

describe("several app instances", () => {
  it("serve the same live figures: a rating given through one shows at once on another", async () => {
    const { server, baseUrl: second } = startAppServer(await freePort(), process.env.DATABASE_URL ?? "");
    try {
      await waitForHttp(`${second}/sign-in`);
      const read = async (base: string) =>
        ((await (await fetch(`${base}/api/v1/studies/${studyId}/results`, { headers: { authorization: `Bearer ${researcher.token}` } })).json()) as StudyResults).progress.by_ratings;
      expect(await read(second)).toEqual(await read(baseUrl()));
      const before = await read(second);
      // Dr Bea skipped A6 (rated only by Dr Ada); a new physician now gives it its second rating, through the first instance.
      const late = await physician("Dr Late");
      await prisma.queueRater.create({ data: { queueId, userId: (await prisma.user.findUniqueOrThrow({ where: { email: late.email } })).id } });
      await rateQueue(late, { A6: { oh: 3, ch: 1, actions: ["miss", "miss", "miss"] } });
      expect(await read(second)).toEqual({ ...before, one: before.one - 1, two_or_more: before.two_or_more + 1 });
    } finally {
      server.kill("SIGTERM");
      await exited(server);
    }
  }, 120_000);
});

describe("GET /api/v1/studies/{id}/agreement beside /results", () => {
  it("gives the same figures and intervals as the results, pooled and for a named pair", async () => {
    const agreement = (query: string) => api<Record<string, unknown>>(`/api/v1/studies/${studyId}/agreement?${query}`, { token: researcher.token });
    const { body } = await results("?raterA=Dr%20Ada&raterB=judge");
    const { over_time: _overTime, ...pooled } = body.pooled.commission_harm;
    expect((await agreement("scale=commission_harm")).body).toEqual({ scale: "commission_harm", raters: "physicians pooled", ...pooled });
    expect((await agreement("scale=omission_harm&raterA=Dr%20Ada&raterB=judge")).body).toEqual({ scale: "omission_harm", raters: { a: "Dr Ada", b: "judge" }, ...body.named_pair?.omission_harm });
  });
});

describe("naming raters (raterA, raterB)", () => {
  it("takes a physician's email or name as well as a rater's id, scoped to the study", async () => {
    const ada = physicians[0] as (typeof physicians)[number];
    for (const given of [ada.email, "Dr Ada"]) {
      const { status, body } = await results(`?raterA=${encodeURIComponent(given)}&raterB=judge`);
      expect(status).toBe(200);
      expect(body.named_pair).toMatchObject({ a: "Dr Ada", b: "judge", omission_harm: { n: 5 } });
    }
    // A physician in the pool of another study's queue only.
    const outsider = await physician("Dr Out");
    const other = await createStudy({ name: unique("Other") }, admin.user.id);
    const elsewhere = await prisma.queue.create({ data: { studyId: other.id, name: "elsewhere", seed: "s" } });
    const { id: outsiderUserId } = await prisma.user.findUniqueOrThrow({ where: { email: outsider.email } });
    await prisma.queueRater.create({ data: { queueId: elsewhere.id, userId: outsiderUserId } });
    const outsiderId = (await prisma.rater.findUniqueOrThrow({ where: { userId: outsiderUserId } })).id;
    for (const given of [outsider.email, "Dr Out", outsiderId]) {
      const refused = await results(`?raterA=${encodeURIComponent(given)}&raterB=judge`);
      expect(refused.status).toBe(404);
      expect(refused.body.error?.message).toBe(`A rater named "${given}" in this study was not found.`);
    }
  });

  it("refuses a name two physicians of the study share, and takes the email instead", async () => {
    const namesake = await physician("Dr Ada");
    await prisma.queueRater.create({ data: { queueId, userId: (await prisma.user.findUniqueOrThrow({ where: { email: namesake.email } })).id } });
    const shared = await results("?raterA=Dr%20Ada&raterB=judge");
    expect(shared.status).toBe(409);
    expect(shared.body.error?.message).toContain("give the rater's id or email");
    const byEmail = await results(`?raterA=${encodeURIComponent(namesake.email)}&raterB=judge`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.named_pair?.omission_harm.n).toBe(0);
  });
});

describe("rater comparison requests", () => {
  it("refuse one rater alone and the same rater on both sides with a 422 naming the parameter", async () => {
    const bea = (await prisma.rater.findFirstOrThrow({ where: { user: { email: physicians[1]?.email ?? "" } } })).id;
    const cases: [query: string, field: string][] = [
      [`?raterA=${bea}`, "raterB"],
      [`?raterB=${bea}`, "raterA"],
      [`?raterA=${bea}&raterB=${bea}`, "raterB"],
      // Two names of one rater: its id and its email.
      [`?raterA=${bea}&raterB=${encodeURIComponent(physicians[1]?.email ?? "")}`, "raterB"],
      ["?raterA=judge&raterB=judge", "raterB"],
    ];
    for (const [query, field] of cases) {
      const refused = await results(query);
      expect(refused.status, query).toBe(422);
      expect(refused.body.error?.details[0]?.field, query).toBe(field);
    }
  });
});

describe("progress", () => {
  it("counts the answers in the study's queues apart from the whole study", async () => {
    // Two answers in no queue.
    const posted = await api(`/api/v1/studies/${studyId}/responses`, { method: "POST", token: admin.token, body: ndjson([answer("S2", "m-c", 1), answer("S2", "m-c", 2)]) });
    expect(posted.status).toBe(200);
    const { body } = await results();
    expect(body.progress.answers).toBe(9);
    expect(body.progress.by_ratings.none).toBe(body.progress.queued.by_ratings.none + 2);
    expect(body.progress.queued.answers).toBe(7);
    expect(body.progress.queued.by_ratings.one + body.progress.queued.by_ratings.two_or_more).toBe(body.progress.by_ratings.one + body.progress.by_ratings.two_or_more);
    // One queue chosen: its answers are the scope, queued or not.
    const queue = (await results(`?queue=${queueId}`)).body.progress;
    expect(queue.answers).toBe(7);
    expect(queue.queued).toEqual({ answers: queue.answers, by_ratings: queue.by_ratings });
  });
});
