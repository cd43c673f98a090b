// Rows the app inserts with raw SQL (answer and score imports, queue
// building, claims) get their ids from tandem_uuid_v7(), in the scheme of the
// ids Prisma's client makes: UUID version 7, stamped with the time of the
// insert, so ids sort by creation time.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { answer, ndjson, scenario, score } from "@/tests/fixtures/study";
import { api, newStudy, unique, userWithToken } from "@/tests/integration/helpers";

let admin: Awaited<ReturnType<typeof userWithToken>>;
beforeAll(async () => {
  admin = await userWithToken("admin");
});

const hex = (id: string) => id.replaceAll("-", "");
/** The version is the 13th hex digit; the variant (10xx) makes the 17th one of 8, 9, a, b. */
const version = (id: string) => hex(id)[12];
const variant = (id: string) => hex(id)[16];
/** The unix time in milliseconds of the first 48 bits. */
const stampedAt = (id: string) => parseInt(hex(id).slice(0, 12), 16);

/** The database's clock, which stamps the ids, in unix milliseconds. */
async function databaseNow(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ ms: bigint }[]>`SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms`;
  return Number(row?.ms);
}

interface Step {
  name: string;
  ids: string[];
  from: number;
  to: number;
}

async function step(name: string, action: () => Promise<unknown>, inserted: () => Promise<{ id: string }[]>): Promise<Step> {
  const from = await databaseNow();
  await action();
  const to = await databaseNow();
  return { name, ids: (await inserted()).map((r) => r.id), from, to };
}

describe("ids of rows inserted with raw SQL", () => {
  it("are UUID v7 stamped with the time of the insert on every raw path, and sort by creation time", async () => {
    const studyId = await newStudy(admin, "Id study");
    const post = async (path: string, body: string) => expect((await api(`/api/v1/studies/${studyId}/${path}`, { method: "POST", token: admin.token, body })).status).toBe(200);
    const ok = async (result: Promise<{ status: number; body: unknown }>, status: number) => {
      const { status: got, body } = await result;
      expect(got, JSON.stringify(body)).toBe(status);
      return body as { id: string };
    };
    await post("scenarios", ndjson([scenario("S1"), scenario("S2")]));
    const pool = await Promise.all([userWithToken("rater"), userWithToken("rater")]);
    const newQueue = (extra: Record<string, unknown>) =>
      ok(api(`/api/v1/studies/${studyId}/queues`, { method: "POST", token: admin.token, json: { name: unique("queue"), raters: pool.map((r) => r.email), ...extra } }), 201);
    const answersOf = (modelId: string) => () => prisma.response.findMany({ where: { studyId, modelId }, select: { id: true } });
    let queueId = "";

    const steps: Step[] = [
      await step("responses", () => post("responses", ndjson([answer("S1", "m-a", 0), answer("S2", "m-a", 0)])), answersOf("m-a")),
      await step("more responses", () => post("responses", ndjson([answer("S1", "m-b", 0), answer("S2", "m-b", 0)])), answersOf("m-b")),
      await step("a machine rater and its ratings", () => post("scores?rater=judge", ndjson([score("S1", "m-a", 0, 1, 0), score("S2", "m-a", 0, 0, 0)])), async () => [
        ...(await prisma.rater.findMany({ where: { studyId }, select: { id: true } })),
        ...(await prisma.rating.findMany({ where: { response: { studyId, modelId: "m-a" } }, select: { id: true } })),
      ]),
      await step("more machine ratings", () => post("scores?rater=judge", ndjson([score("S1", "m-b", 0, 1, 0), score("S2", "m-b", 0, 0, 0)])), () =>
        prisma.rating.findMany({ where: { response: { studyId, modelId: "m-b" } }, select: { id: true } })),
      await step("rating revisions", () => post("scores?rater=judge&replace=true", ndjson([score("S1", "m-a", 0, 3, 2)])), () =>
        prisma.ratingRevision.findMany({ where: { rating: { response: { studyId } } }, select: { id: true } })),
      await step("queue items", async () => (queueId = (await newQueue({})).id), () => prisma.queueItem.findMany({ where: { queueId }, select: { id: true } })),
      await step("sampled queue items", async () => (queueId = (await newQueue({ sample: { size: 2, seed: 1 } })).id), () =>
        prisma.queueItem.findMany({ where: { queueId }, select: { id: true } })),
      await step("assignments", () => ok(api(`/api/v1/queues/${queueId}/next`, { method: "POST", token: pool[0].token }), 200), () =>
        prisma.assignment.findMany({ where: { queueItem: { queueId } }, select: { id: true } })),
    ];

    for (const { name, ids, from, to } of steps) {
      expect(ids.length, name).toBeGreaterThan(0);
      for (const id of ids) {
        expect({ name, version: version(id), variant: variant(id) }).toEqual({ name, version: "7", variant: expect.stringMatching(/^[89ab]$/) as unknown });
        expect(stampedAt(id), `${name}: ${id}`).toBeGreaterThanOrEqual(from);
        expect(stampedAt(id), `${name}: ${id}`).toBeLessThanOrEqual(to);
      }
    }
    const inStepOrder = steps.flatMap((s) => [...s.ids].sort());
    expect(inStepOrder).toEqual([...inStepOrder].sort());
  });
});

describe("tandem_uuid_v7()", () => {
  const one = async (fn: "tandem_uuid_v7" | "tandem_uuid_v7_portable") =>
    (await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT ${fn}()::text AS id`))[0]?.id ?? "";

  it("is PostgreSQL's own uuidv7() where the server has it (PostgreSQL 18 and later)", async () => {
    const [server] = await prisma.$queryRaw<{ version: number; body: string }[]>`
      SELECT current_setting('server_version_num')::int AS version, prosrc AS body FROM pg_proc WHERE proname = 'tandem_uuid_v7'`;
    expect(server?.body).toContain((server?.version ?? 0) >= 180000 ? "uuidv7()" : "tandem_uuid_v7_portable()");
  });

  it.each(["tandem_uuid_v7", "tandem_uuid_v7_portable"] as const)("%s() makes version 7 ids of the current millisecond, later ones sorting after", async (fn) => {
    const from = await databaseNow();
    const many = await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT ${fn}()::text AS id FROM generate_series(1, 500)`);
    const oneByOne: string[] = [];
    for (let i = 0; i < 20; i++) oneByOne.push(await one(fn));
    const to = await databaseNow();
    const ids = [...many.map((r) => r.id), ...oneByOne];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => version(id) !== "7" || !"89ab".includes(variant(id) ?? ""))).toEqual([]);
    expect(ids.filter((id) => stampedAt(id) < from || stampedAt(id) > to)).toEqual([]);
    expect(oneByOne).toEqual([...oneByOne].sort());
    expect(many.every((r) => r.id < (oneByOne[0] ?? ""))).toBe(true);
  });
});
