// The audit log over HTTP: what a study's work leaves in it (claims,
// submissions, edits with before and after, skips with reasons, imports,
// queues), its export's filters, and its page.
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { api, baseUrl, userWithToken, type ApiErrorBody } from "@/tests/integration/helpers";
import { createQueue, next, rating, studyWithAnswers, submit, type User } from "@/tests/integration/queues";
import { AUDIT_EXPORT_COLUMNS } from "./service";

interface Entry {
  id: string;
  at: string;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  study_id: string | null;
  study_name: string | null;
  data: Record<string, unknown>;
}

let admin: User;
let first: User;
let second: User;
let studyId: string;
let otherStudyId: string;

const exported = async (query: string) => {
  const answer = await api<string>(`/api/v1/audit?format=ndjson&${query}`, { token: admin.token });
  expect(answer.status, answer.body).toBe(200);
  return answer.body
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry);
};
// Days counted from the start of the run, so a run across midnight (UTC) still finds its entries.
const startedAt = Date.now();
const day = (offset: number) => new Date(startedAt + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [admin, first, second] = await Promise.all([userWithToken("admin"), userWithToken("rater"), userWithToken("rater")]);
  studyId = await studyWithAnswers(admin, 2);
  otherStudyId = await studyWithAnswers(admin, 1);
  const queue = await createQueue(admin, studyId, [first, second]);
  const claimed = await next(queue.id, first);
  expect((await submit(claimed.body.assignmentId, first, rating(1, 0))).status).toBe(201);
  expect((await submit(claimed.body.assignmentId, first, { ...rating(3, 2), reasoning: "Missed the dose on reading again." })).status).toBe(200);
  const skipped = await next(queue.id, second);
  const skip = await api(`/api/v1/assignments/${skipped.body.assignmentId}/skip`, { method: "POST", token: second.token, json: { reason: "Outside my specialty." } });
  expect(skip.status).toBe(200);
});

describe("the audit log of a study", () => {
  it("holds its creation, the imports, the queue, each claim, the submission, the edit with before and after, and the skip with its reason", async () => {
    const entries = await exported(`study=${studyId}`);
    expect(entries.map((e) => e.action)).toEqual([
      "study.create", "import.scenarios", "import.responses", "queue.create", "assignment.claim", "rating.submit", "rating.edit", "assignment.claim", "assignment.skip",
    ]);
    expect(entries.every((e) => e.study_id === studyId && e.study_name?.startsWith("Queue study"))).toBe(true);
    const edit = entries.find((e) => e.action === "rating.edit");
    expect(edit?.actor_email).toBe(first.email);
    expect(edit?.data).toMatchObject({
      version: 2,
      before: { omission_harm: 1, commission_harm: 0, reasoning: "Covers the first action, hedges on the rest." },
      after: { omission_harm: 3, commission_harm: 2, reasoning: "Missed the dose on reading again." },
    });
    expect(entries.find((e) => e.action === "assignment.skip")).toMatchObject({ actor_email: second.email, data: { reason: "Outside my specialty." } });
  });
});

describe("GET /api/v1/audit", () => {
  it("filters by action, actor, study and dates, together", async () => {
    expect((await exported(`study=${studyId}&action=rating.edit`)).map((e) => e.action)).toEqual(["rating.edit"]);
    expect((await exported(`study=${studyId}&actor=${encodeURIComponent(first.email.toUpperCase())}`)).map((e) => e.action)).toEqual([
      "assignment.claim", "rating.submit", "rating.edit",
    ]);
    expect((await exported(`actor=${encodeURIComponent(second.email)}`)).map((e) => e.action)).toEqual(["assignment.claim", "assignment.skip"]);
    expect(await exported(`study=${studyId}&from=${day(2)}`)).toEqual([]);
    expect(await exported(`study=${studyId}&to=${day(-1)}`)).toEqual([]);
    expect(await exported(`study=${studyId}&from=${day(0)}&to=${day(1)}`)).toHaveLength(9);
    const imports = await exported(`study=${otherStudyId}&action=import.responses`);
    expect(imports).toHaveLength(1);
    expect(imports[0]?.actor_email).toBe(admin.email);
  });

  it("as CSV: one header row, one row per entry, the data as JSON", async () => {
    const answer = await api<string>(`/api/v1/audit?format=csv&study=${studyId}&action=assignment.skip`, { token: admin.token });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain("text/csv");
    const [header, row, ...rest] = answer.body.trim().split("\r\n");
    expect(header).toBe(AUDIT_EXPORT_COLUMNS.join(","));
    expect(rest).toEqual([]);
    expect(row).toContain(`,${second.email},Test rater,assignment.skip,assignment,`);
    expect(row).toContain('"{""reason"":""Outside my specialty.""}"');
  });

  it("refuses an unknown parameter, a bad date or format, or a range that ends before it starts: 422 naming it", async () => {
    const cases: [string, string][] = [
      ["format=csv&sort=at", "sort"],
      ["format=csv&studyId=x", "studyId"],
      ["format=xml", "format"],
      ["from=yesterday", "from"],
      ["to=2026-13-45", "to"],
      ["from=2026-12-06T10:00:00", "from"],
      [`from=${day(0)}&to=${day(-1)}`, "to"],
      ["study=not-an-id", "study"],
    ];
    for (const [query, field] of cases) {
      const answer = await api<ApiErrorBody>(`/api/v1/audit?${query}`, { token: admin.token });
      expect(answer.status, query).toBe(422);
      expect(answer.body.error.details.map((d) => d.field), query).toContain(field);
    }
  });
});

describe("the audit log page", () => {
  it("shows the filtered entries, an edit as before → after, a skip's reason, and links the export with the same filters", async () => {
    const cookie = await sessionCookie(baseUrl(), admin.email, admin.password);
    const response = await fetch(`${baseUrl()}/admin/audit?study=${studyId}&action=rating.edit`, { headers: { cookie } });
    expect(response.status).toBe(200);
    // React separates adjacent text with empty comments.
    const html = (await response.text()).replaceAll("<!-- -->", "");
    expect(html).toContain('data-testid="audit-count">1 entry<');
    expect(html).toMatch(/omission_harm<\/span>: <del[^>]*>1<\/del> → <ins[^>]*>3<\/ins>/);
    expect(html).toContain(`href="/api/v1/audit?action=rating.edit&amp;study=${studyId}&amp;format=csv"`);
    const skips = await (await fetch(`${baseUrl()}/admin/audit?study=${studyId}&action=assignment.skip`, { headers: { cookie } })).text();
    expect(skips).toContain("Outside my specialty.");
    const bad = await (await fetch(`${baseUrl()}/admin/audit?from=nonsense`, { headers: { cookie } })).text();
    expect(bad).toContain("from must be a date (YYYY-MM-DD)");
  });
});
