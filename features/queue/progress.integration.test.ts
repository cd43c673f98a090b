// GET /api/v1/queues/{id} over HTTP: answers by ratings received, answers
// short of k and why, raters' counts; who may read it; and that its counts are
// the ones a rater reads on My queues and in the workspace (one rule, in
// features/rating/claimable.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "@/scripts/lib/sign-in";
import type { QueueProgress } from "@/features/queue/progress";
import { progressText } from "@/features/rating/progress-text";
import { api, baseUrl, unique, userWithToken } from "@/tests/integration/helpers";
import { createQueue, next, rateToTheEnd, raters, skip, studyWithAnswers, submit, type User } from "@/tests/integration/queues";

let admin: User;

beforeAll(async () => {
  admin = await userWithToken("admin");
});

const progress = async (queueId: string, who: User = admin) => (await api<QueueProgress>(`/api/v1/queues/${queueId}`, { token: who.token })).body;

/** The text of the element with `data-testid="my-progress"` on a page, as the rater's session sees it. */
async function pageProgress(path: string, who: User, queueName?: string): Promise<string> {
  const cookie = await sessionCookie(baseUrl(), who.email, who.password);
  const html = await (await fetch(`${baseUrl()}${path}`, { headers: { cookie } })).text();
  // On My queues, the line of this queue: its link's name comes just before it.
  const from = queueName ? html.indexOf(`>${queueName}</a>`) : 0;
  expect(from).toBeGreaterThanOrEqual(0);
  const match = /data-testid="my-progress">(.*?)<\/(?:span|p)>/.exec(html.slice(from));
  return (match?.[1] ?? "").replace(/<!-- -->/g, "").replaceAll("&#x27;", "'");
}

describe("a queue's progress", () => {
  it("counts answers by ratings received, holds, skips and what is left, for admins and researchers only", async () => {
    const studyId = await studyWithAnswers(admin, 4);
    const [a, b, c] = (await raters(3)) as [User, User, User];
    const queue = await createQueue(admin, studyId, [a, b, c], { ratingsPerItem: 2 });

    const fresh = await progress(queue.id);
    expect(fresh).toMatchObject({ id: queue.id, studyId, ratingsPerItem: 2, items: 4, complete: 0 });
    expect(fresh.coverage).toEqual([{ ratings: 0, answers: 4 }, { ratings: 1, answers: 0 }, { ratings: 2, answers: 0 }]);
    expect(fresh.short).toMatchObject({ total: 4, waiting: 4, noEligibleRater: 0 });
    expect(fresh.short.listed.every((item) => item.reason === "waiting" && item.eligibleRaters === 3 && item.skips.length === 0)).toBe(true);
    expect(fresh.raters.map((r) => [r.email, r.left])).toEqual(expect.arrayContaining([[a.email, 4], [b.email, 4], [c.email, 4]]));

    // a rates one and holds another; b skips one.
    const first = await next(queue.id, a);
    expect((await submit(first.body.assignmentId, a)).status).toBe(201);
    const holding = await next(queue.id, a);
    expect(holding.status).toBe(200);
    const offered = await next(queue.id, b);
    expect((await skip(offered.body.assignmentId, b, "Outside my field")).status).toBe(200);

    const mid = await progress(queue.id);
    const of = (who: User) => mid.raters.find((r) => r.userId === who.user.id);
    expect(of(a)).toMatchObject({ rated: 1, skipped: 0, holding: 1, left: 3 });
    expect(of(b)).toMatchObject({ rated: 0, skipped: 1, holding: 0, left: 3 });
    expect(of(c)).toMatchObject({ rated: 0, skipped: 0, holding: 0, left: 4 });
    expect(mid.coverage).toEqual([{ ratings: 0, answers: 3 }, { ratings: 1, answers: 1 }, { ratings: 2, answers: 0 }]);
    const held = mid.short.listed.find((item) => item.blindCode === holding.body.blindCode);
    expect(held).toMatchObject({ holding: 1, reason: "waiting" });
    const skipped = mid.short.listed.find((item) => item.blindCode === offered.body.blindCode);
    expect(skipped?.skips).toEqual([{ userId: b.user.id, name: b.user.name, email: b.email, reason: "Outside my field" }]);

    const researcher = await userWithToken("researcher");
    expect((await api(`/api/v1/queues/${queue.id}`, { token: researcher.token })).status).toBe(200);
    expect((await api(`/api/v1/queues/${queue.id}`, { token: a.token })).status).toBe(403);

    // The queue page: the admin manages the pool, the researcher reads the same progress.
    const queuePage = async (who: User) => {
      const cookie = await sessionCookie(baseUrl(), who.email, who.password);
      const response = await fetch(`${baseUrl()}/studies/${studyId}/queues/${queue.id}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      return (await response.text()).replaceAll("<!-- -->", "");
    };
    // A rater outside the pool, whom the admin's "Add rater" select offers.
    const [spare] = (await raters(1)) as [User];
    const [asAdmin, asResearcher] = await Promise.all([queuePage(admin), queuePage(researcher)]);
    for (const html of [asAdmin, asResearcher]) {
      expect(html).toContain("Answers short of 2 ratings");
      expect(html).toContain("Outside my field");
    }
    expect(asAdmin).toContain("Rater to add");
    expect(asAdmin).toContain(`<option value="${spare.email}">`);
    expect(asAdmin).toContain(`Remove ${a.user.name}`);
    expect(asResearcher).not.toContain("Rater to add");
    expect(asResearcher).not.toContain("Remove ");
  });

  it("agrees with My queues and the workspace: a skipped answer is done for the rater who skipped it", async () => {
    const studyId = await studyWithAnswers(admin, 3);
    const [first, second] = (await raters(2)) as [User, User];
    const name = unique("Agreeing queue");
    const queue = await createQueue(admin, studyId, [first, second], { ratingsPerItem: 2, name });
    const skipped = await rateToTheEnd(queue.id, first, { skipFirst: "Conflict of interest" });
    // second holds one answer, whichever it is: the counts are the same.
    expect((await next(queue.id, second)).status).toBe(200);

    const api$ = await progress(queue.id);
    for (const who of [first, second]) {
      const counts = api$.raters.find((r) => r.userId === who.user.id);
      if (!counts) throw new Error("rater missing from the progress");
      const expected = progressText({ ...counts, items: api$.items });
      expect(await pageProgress("/queues", who, name)).toBe(expected);
      expect(await pageProgress(`/queues/${queue.id}`, who)).toBe(expected);
    }
    // The example of the issue, in small: every answer rated or skipped is "nothing left", not "2 of 3".
    expect(await pageProgress("/queues", first, name)).toBe("2 rated, 1 skipped · nothing left for you · 3 answers in the queue");
    expect(api$.raters.find((r) => r.userId === second.user.id)).toMatchObject({ rated: 0, skipped: 0, holding: 1, left: 3 });
    // The queue agrees: the skipped answer can no longer get two ratings from this pool.
    expect(api$.short).toMatchObject({ total: 3, waiting: 2, noEligibleRater: 1 });
    expect(api$.short.listed[0]).toMatchObject({ blindCode: skipped, reason: "no_eligible_rater", ratings: 0 });
  });
});
