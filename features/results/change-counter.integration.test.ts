// The per-study change counter (study_changes), kept by triggers on every
// table the Results figures read: each write moves it on by one per
// committed transaction, however many rows or statements it holds.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { claimNext } from "@/features/rating/claim";
import { unique } from "@/tests/integration/helpers";

const version = async (studyId: string) => (await prisma.studyChange.findUnique({ where: { studyId } }))?.version ?? 0n;

/** How far `write` moves the study's counter. */
async function delta(studyId: string, write: () => Promise<unknown>): Promise<bigint> {
  const before = await version(studyId);
  await write();
  return (await version(studyId)) - before;
}

async function physician(name: string) {
  const user = await prisma.user.create({ data: { email: `${unique("cc")}@test.tandem`, name, role: "rater", passwordHash: "x" } });
  const rater = await prisma.rater.create({ data: { kind: "physician", userId: user.id, name } });
  return { user, rater };
}

/** A study with one scenario, one answer, a queue holding it, and a physician in the queue's pool. */
async function studyWithQueue() {
  const study = await prisma.study.create({ data: { name: unique("counter") } });
  const scenario = await prisma.scenario.create({ data: { studyId: study.id, externalId: "Q1", category: "c", acuityWeight: 1, prompt: "p", goldStandard: "g", contentHash: "h" } });
  const response = await prisma.response.create({ data: { studyId: study.id, scenarioId: scenario.id, modelId: "m", repetition: 0, text: "t", blindCode: unique("R"), contentHash: "h" } });
  const queue = await prisma.queue.create({ data: { studyId: study.id, name: "q", seed: "s" } });
  const item = await prisma.queueItem.create({ data: { queueId: queue.id, responseId: response.id } });
  const doc = await physician(unique("Dr"));
  return { study, scenario, response, queue, item, doc };
}

const lease = () => new Date(Date.now() + 60_000);

/** A write to a study through a raw connection (its own transaction, or the one open on it): a machine rater. */
const addMachineRater = (client: pg.Client, studyId: string, name: string) =>
  client.query(`INSERT INTO raters (id, kind, study_id, name) VALUES (tandem_uuid_v7(), 'machine', $1, $2)`, [studyId, name]);

describe("study_changes", () => {
  it("moves on by one for a write to each table the figures read", async () => {
    const { study, scenario, response, queue, item, doc } = await studyWithQueue();
    const s = study.id;
    expect(await version(s)).toBeGreaterThan(0n);

    expect(await delta(s, () => prisma.scenario.update({ where: { id: scenario.id }, data: { category: "other" } }))).toBe(1n);
    expect(await delta(s, () => prisma.response.create({ data: { studyId: s, scenarioId: scenario.id, modelId: "m", repetition: 1, text: "t", blindCode: unique("R"), contentHash: "h" } }))).toBe(1n);
    expect(await delta(s, () => prisma.answerVersion.create({ data: { responseId: response.id, version: 1, text: "old", contentFiltered: false, contentHash: "h0" } }))).toBe(1n);
    expect(await delta(s, () => prisma.response.update({ where: { id: response.id }, data: { version: 2 } }))).toBe(1n);
    expect(await delta(s, () => prisma.queueRater.create({ data: { queueId: queue.id, userId: doc.user.id } }))).toBe(1n);
    expect(await delta(s, () => prisma.queue.update({ where: { id: queue.id }, data: { adjudicationThreshold: 1 } }))).toBe(1n);

    // A claim shows nowhere in the figures; its submission (time on task) does.
    let assignment = { id: "" };
    expect(await delta(s, async () => (assignment = await prisma.assignment.create({ data: { queueItemId: item.id, userId: doc.user.id, leaseExpiresAt: lease() } })))).toBe(0n);
    expect(await delta(s, () => prisma.assignment.update({ where: { id: assignment.id }, data: { leaseExpiresAt: lease() } }))).toBe(0n);
    expect(await delta(s, () => prisma.assignment.update({ where: { id: assignment.id }, data: { status: "submitted", submittedAt: new Date(), activeSeconds: 40 } }))).toBe(1n);
    expect(await delta(s, () => prisma.assignment.update({ where: { id: assignment.id }, data: { activeSeconds: 41 } }))).toBe(1n);

    let rating = { id: "" };
    expect(await delta(s, async () => (rating = await prisma.rating.create({ data: { responseId: response.id, raterId: doc.rater.id, raterKind: "physician", omissionHarm: 2, commissionHarm: 1, assignmentId: assignment.id, answerVersion: 2 } })))).toBe(1n);
    expect(await delta(s, () => prisma.rating.update({ where: { id: rating.id }, data: { omissionHarm: 3 } }))).toBe(1n);

    const adjudicator = await physician(unique("Adj"));
    const adjudication = await prisma.assignment.create({ data: { queueItemId: item.id, userId: adjudicator.user.id, purpose: "adjudication", leaseExpiresAt: lease() } });
    expect(await delta(s, () => prisma.qualityRating.create({ data: { assignmentId: adjudication.id, responseId: response.id, userId: adjudicator.user.id, kind: "adjudication", omissionHarm: 1, commissionHarm: 1, answerVersion: 2 } }))).toBe(1n);
    expect(await delta(s, () => prisma.goldScore.create({ data: { responseId: response.id, studyId: s, omissionHarm: 1, commissionHarm: 0 } }))).toBe(1n);
    expect(await delta(s, () => prisma.rater.create({ data: { kind: "machine", studyId: s, name: "judge" } }))).toBe(1n);

    expect(await delta(s, () => prisma.rating.delete({ where: { id: rating.id } }))).toBe(1n);
    expect(await delta(s, () => prisma.queueItem.delete({ where: { id: item.id } }))).toBe(1n);
    expect(await delta(s, () => prisma.queue.delete({ where: { id: queue.id } }))).toBe(1n);
    expect(await delta(s, () => prisma.response.delete({ where: { id: response.id } }))).toBe(1n);
  });

  it("does not move for claims through the queue, which move the rater's place in their order", async () => {
    const { study, queue, doc } = await studyWithQueue();
    await prisma.queueRater.create({ data: { queueId: queue.id, userId: doc.user.id } });
    const claimed = await claimNext(queue.id, doc.user.id);
    expect(claimed).not.toBeNull();
    expect(await prisma.queueRater.findUniqueOrThrow({ where: { queueId_userId: { queueId: queue.id, userId: doc.user.id } } })).toMatchObject({ claimCursor: expect.any(BigInt) as bigint });
    expect(await delta(study.id, () => claimNext(queue.id, doc.user.id))).toBe(0n);
    const other = await physician(unique("Dr"));
    await prisma.queueRater.create({ data: { queueId: queue.id, userId: other.user.id } });
    expect(await delta(study.id, () => claimNext(queue.id, other.user.id))).toBe(0n);
  });

  it("moves on for every study a physician rated in when the physician is renamed, and for no other", async () => {
    const first = await studyWithQueue();
    const second = await studyWithQueue();
    const bystander = await studyWithQueue();
    for (const { response } of [first, second]) {
      await prisma.rating.create({ data: { responseId: response.id, raterId: first.doc.rater.id, raterKind: "physician", omissionHarm: 1, commissionHarm: 1 } });
    }
    const before = await Promise.all([first, second, bystander].map(({ study }) => version(study.id)));
    await prisma.rater.update({ where: { id: first.doc.rater.id }, data: { name: unique("Renamed") } });
    const after = await Promise.all([first, second, bystander].map(({ study }) => version(study.id)));
    expect(after.map((v, i) => v - (before[i] ?? 0n))).toEqual([1n, 1n, 0n]);
  });

  it("moves on once for a bulk insert of 20,000 answers, and once for a transaction of many statements", async () => {
    const { study, scenario } = await studyWithQueue();
    const bulk = await delta(study.id, () => prisma.$executeRaw`
      INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, blind_code, content_hash)
      SELECT tandem_uuid_v7(), ${study.id}::uuid, ${scenario.id}::uuid, 'bulk', n, 't', ${unique("B")} || '-' || n, 'h' FROM generate_series(1, 20000) AS n`);
    expect(bulk).toBe(1n);
    expect(await prisma.response.count({ where: { studyId: study.id, modelId: "bulk" } })).toBe(20000);

    const doc = await physician(unique("Dr"));
    const many = await delta(study.id, () =>
      prisma.$transaction(async (tx) => {
        const answers = await tx.response.findMany({ where: { studyId: study.id, modelId: "bulk" }, select: { id: true }, take: 50 });
        for (const { id } of answers) await tx.rating.create({ data: { responseId: id, raterId: doc.rater.id, raterKind: "physician", omissionHarm: 0, commissionHarm: 0 } });
        await tx.scenario.update({ where: { id: scenario.id }, data: { category: "bulk" } });
      }),
    );
    expect(many).toBe(1n);
    // Nothing is left behind: the notes of a transaction are gone once it commits.
    expect(await prisma.studyChangePending.count()).toBe(0);
  });

  it("does not move for a transaction rolled back, and lets a study be deleted with its rows", async () => {
    const { study, response, doc } = await studyWithQueue();
    const rolledBack = await delta(study.id, () =>
      prisma
        .$transaction(async (tx) => {
          await tx.rating.create({ data: { responseId: response.id, raterId: doc.rater.id, raterKind: "physician", omissionHarm: 0, commissionHarm: 0 } });
          throw new Error("roll back");
        })
        .catch(() => undefined),
    );
    expect(rolledBack).toBe(0n);
    await prisma.rating.create({ data: { responseId: response.id, raterId: doc.rater.id, raterKind: "physician", omissionHarm: 0, commissionHarm: 0 } });
    await prisma.study.delete({ where: { id: study.id } });
    expect(await prisma.studyChange.findUnique({ where: { studyId: study.id } })).toBeNull();
  });

  // Machine raters, because the counter is all the two writes share: two writers of answers or of
  // ratings of one study also meet on its aggregates (study_tallies), held until each commits.
  it("counts two overlapping transactions, and a long one does not hold up another writer of the study", async () => {
    const { study } = await studyWithQueue();
    const before = await version(study.id);
    const [long, short] = [new pg.Client({ connectionString: process.env.DATABASE_URL }), new pg.Client({ connectionString: process.env.DATABASE_URL })];
    await Promise.all([long.connect(), short.connect()]);
    const insert = (client: pg.Client, judge: number) => addMachineRater(client, study.id, `overlap judge ${judge}`);
    try {
      await long.query("BEGIN");
      await insert(long, 1);
      // The other transaction commits while the first is still open: the counter is not locked by it.
      await short.query("BEGIN");
      await insert(short, 2);
      await short.query("COMMIT");
      expect(await version(study.id)).toBe(before + 1n);
      await long.query("COMMIT");
    } finally {
      await Promise.all([long.end(), short.end()]);
    }
    expect(await version(study.id)).toBe(before + 2n);
  });

  it("bumps several studies at commit in one order, so two transactions writing them in opposite orders do not deadlock", async () => {
    const studies = [];
    for (const n of [1, 2]) studies.push((await prisma.study.create({ data: { name: unique(`counter order ${n}`) } })).id);
    const [first, second] = studies.sort() as [string, string];
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    const [holder, forward, backward] = clients as [pg.Client, pg.Client, pg.Client];
    await Promise.all(clients.map((client) => client.connect()));
    const judge = (client: pg.Client, studyId: string) => addMachineRater(client, studyId, unique("order judge"));
    const pids = await Promise.all([forward, backward].map(async (client) => (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid));
    try {
      for (const study of [first, second]) await judge(holder, study);
      const before = await Promise.all([first, second].map((study) => version(study)));
      // A third session holds the first study's counter row, so both commits queue behind it.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM study_changes WHERE study_id = $1 FOR UPDATE", [first]);
      await forward.query("BEGIN");
      await judge(forward, first);
      await judge(forward, second);
      await backward.query("BEGIN");
      await judge(backward, second);
      await judge(backward, first);
      const commits = [forward.query("COMMIT"), backward.query("COMMIT")];
      for (let waiting = 0; waiting < 2; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY(${pids}::int[]) AND wait_event_type = 'Lock'`;
        waiting = rows[0]?.n ?? 0;
      }
      await holder.query("COMMIT");
      // Bumped in reverse order, the second commit would hold the second row and wait for the first: a deadlock.
      await expect(Promise.all(commits)).resolves.toHaveLength(2);
      expect(await Promise.all([first, second].map((study) => version(study)))).toEqual(before.map((v) => v + 2n));
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("is bumped by triggers on each table the Results figures read", async () => {
    const rows = await prisma.$queryRaw<{ table: string }[]>`
      SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname LIKE 'study_changes_on_%' ORDER BY 1`;
    expect(rows.map((r) => r.table)).toEqual(["answer_versions", "assignments", "gold_scores", "quality_ratings", "queue_items", "queue_raters", "queues", "raters", "ratings", "responses", "scenarios"]);
  });
});
