// Who may call what, as one table over everything a request can reach: every
// route handler (each method), every page and every server action, read from
// the source tree, so that a new one without an entry here fails the first
// test. Each entry is then called over HTTP by every identity — signed out, a
// rater, a rater of the same pool who is not the assignee, a rater outside the
// pool, a researcher, an admin, a revoked token, a deactivated user — and must
// answer as the table says; a refused server action must write nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/api-token";
import { prisma } from "@/lib/db/prisma";
import { sessionCookie } from "@/scripts/lib/sign-in";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { api, baseUrl, unique, userWithToken } from "@/tests/integration/helpers";
import { builtActions, callAction } from "@/tests/integration/server-actions";
import { appPages, appRoutes, serverActions } from "@/tests/support/app-surface";

const SIGNED_IN = ["rater", "poolmate", "outsider", "researcher", "admin"] as const;
const SIGNED_OUT = ["anonymous", "revokedToken", "deactivated"] as const;
type SignedIn = (typeof SIGNED_IN)[number];
type Identity = SignedIn | (typeof SIGNED_OUT)[number];
const IDENTITIES: readonly Identity[] = [...SIGNED_IN, ...SIGNED_OUT];

/** The records the requests point at. */
interface Ids {
  studyId: string;
  queueId: string;
  answerId: string;
  /** The rater's own rated assignment. */
  assignmentId: string;
}

interface Credentials {
  token?: string;
  cookie?: string;
}

type Statuses = Record<Identity, number>;

/** Signed-in identities in `allowed` get their status, other signed-in ones 403, the rest `signedOut`. */
function only(allowed: Partial<Record<SignedIn, number>>, signedOut: number): Statuses {
  const statuses = Object.fromEntries(IDENTITIES.map((who) => [who, signedOut])) as Statuses;
  for (const who of SIGNED_IN) statuses[who] = allowed[who] ?? 403;
  return statuses;
}
const everyone = (status: number) => Object.fromEntries(IDENTITIES.map((who) => [who, status])) as Statuses;

// ---- Route handlers: the request each identity sends, and the status it gets.
// The API refuses with 401 (no valid credentials) or 403 (role); an allowed
// caller gets the handler's own answer, here a harmless one (a 422 for a
// body the handler refuses, a 404 for a record that is someone else's).

interface RouteEntry {
  request: (ids: Ids) => { path: string; json?: unknown };
  /** "open": anyone may call it (next-auth's own endpoints), so any status but 401, 403 or 5xx. */
  statuses: Statuses | "open";
}

const api401 = (allowed: Partial<Record<SignedIn, number>>) => only(allowed, 401);
const rating = { omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "partial", "miss"], response_class: "substantive", omission_mechanism: "hedging", reasoning: "Authorization test." };

const ROUTES: Record<string, RouteEntry> = {
  "GET /api/auth/[...nextauth]": { request: () => ({ path: "/api/auth/csrf" }), statuses: "open" },
  "POST /api/auth/[...nextauth]": { request: () => ({ path: "/api/auth/signout", json: {} }), statuses: "open" },
  ...Object.fromEntries(
    ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => [`${method} /api/v1/[...path]`, { request: () => ({ path: "/api/v1/no-such-route" }), statuses: everyone(404) }]),
  ),
  "POST /api/v1/assignments/[id]/rating": { request: (ids) => ({ path: `/api/v1/assignments/${ids.assignmentId}/rating`, json: rating }), statuses: api401({ rater: 200, poolmate: 404, outsider: 404 }) },
  "POST /api/v1/assignments/[id]/skip": { request: (ids) => ({ path: `/api/v1/assignments/${ids.assignmentId}/skip`, json: { reason: "Authorization test." } }), statuses: api401({ rater: 409, poolmate: 404, outsider: 404 }) },
  "DELETE /api/v1/assignments/[id]/skip": { request: (ids) => ({ path: `/api/v1/assignments/${ids.assignmentId}/skip` }), statuses: api401({ rater: 409, poolmate: 404, outsider: 404 }) },
  "GET /api/v1/queues/[id]": { request: (ids) => ({ path: `/api/v1/queues/${ids.queueId}` }), statuses: api401({ researcher: 200, admin: 200 }) },
  // An empty body (422) and a user outside the pool (404): nothing changes.
  "POST /api/v1/queues/[id]/raters": { request: (ids) => ({ path: `/api/v1/queues/${ids.queueId}/raters`, json: {} }), statuses: api401({ admin: 422 }) },
  "DELETE /api/v1/queues/[id]/raters/[userId]": { request: (ids) => ({ path: `/api/v1/queues/${ids.queueId}/raters/${ids.answerId}` }), statuses: api401({ admin: 404 }) },
  "POST /api/v1/queues/[id]/next": { request: (ids) => ({ path: `/api/v1/queues/${ids.queueId}/next` }), statuses: api401({ rater: 200, poolmate: 200, outsider: 404 }) },
  "GET /api/v1/studies": { request: () => ({ path: "/api/v1/studies" }), statuses: api401({ researcher: 200, admin: 200 }) },
  "POST /api/v1/studies": { request: () => ({ path: "/api/v1/studies", json: { name: unique("Authorization study") } }), statuses: api401({ admin: 201 }) },
  "GET /api/v1/studies/[id]/agreement": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/agreement?scale=omission_harm` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/studies/[id]/analysis": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/analysis?source=physicians` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/studies/[id]/drift": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/drift?by=week` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/audit": { request: () => ({ path: "/api/v1/audit?format=ndjson&action=authorization.none" }), statuses: api401({ admin: 200 }) },
  "GET /api/v1/users": { request: () => ({ path: "/api/v1/users" }), statuses: api401({ admin: 200 }) },
  // An empty change (422) and a reset of no one (404): harmless when allowed.
  "PATCH /api/v1/users/[id]": { request: (ids) => ({ path: `/api/v1/users/${ids.studyId}`, json: {} }), statuses: api401({ admin: 422 }) },
  "POST /api/v1/users/[id]/password-reset": { request: (ids) => ({ path: `/api/v1/users/${ids.studyId}/password-reset` }), statuses: api401({ admin: 404 }) },
  "POST /api/v1/studies/[id]/queues": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/queues`, json: {} }), statuses: api401({ admin: 422 }) },
  "GET /api/v1/studies/[id]/ratings": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/ratings?format=csv` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/studies/[id]/statements.csv": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/statements.csv` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/studies/[id]/consensus": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/consensus?format=csv` }), statuses: api401({ researcher: 200, admin: 200 }) },
  "GET /api/v1/studies/[id]/results": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/results` }), statuses: api401({ researcher: 200, admin: 200 }) },
  // An empty body (no reason) is refused before the study is touched, so the shared study stays open.
  "POST /api/v1/studies/[id]/lock": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/lock`, json: {} }), statuses: api401({ admin: 422 }) },
  "POST /api/v1/studies/[id]/unlock": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/unlock`, json: {} }), statuses: api401({ admin: 422 }) },
  "GET /api/v1/studies/[id]/snapshots": { request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/snapshots` }), statuses: api401({ researcher: 200, admin: 200 }) },
  // No such snapshot in this study.
  "GET /api/v1/studies/[id]/snapshots/[snapshotId]/[file]": {
    request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/snapshots/${ids.answerId}/ratings.csv` }),
    statuses: api401({ researcher: 404, admin: 404 }),
  },
  // No such import in this study.
  "GET /api/v1/studies/[id]/imports/[importId]/refused": {
    request: (ids) => ({ path: `/api/v1/studies/${ids.studyId}/imports/${ids.answerId}/refused` }),
    statuses: api401({ admin: 404 }),
  },
  ...Object.fromEntries(
    // An empty object: not a scenario, answer or score (422); an empty safety map, which changes nothing (200).
    Object.entries({ scenarios: 422, "safety-colliding": 200, responses: 422, scores: 422, gold: 422 }).map(([kind, status]) => [
      `POST /api/v1/studies/[id]/${kind}`,
      { request: (ids: Ids) => ({ path: `/api/v1/studies/${ids.studyId}/${kind}${kind === "scores" ? "?rater=authz_judge" : ""}`, json: {} }), statuses: api401({ admin: status }) },
    ]),
  ),
};

// ---- Pages: a signed-out visitor is sent to sign in (307), a wrong role gets
// the 403 page, someone else's record is a 404.

const page307 = (allowed: Partial<Record<SignedIn, number>>) => only(allowed, 307);
const results = page307({ researcher: 200, admin: 200 });
const administration = page307({ admin: 200 });

const PAGES: Record<string, { path: (ids: Ids) => string; statuses: Statuses }> = {
  "/": { path: () => "/", statuses: everyone(307) },
  "/sign-in": { path: () => "/sign-in", statuses: { ...everyone(307), anonymous: 200, revokedToken: 200, deactivated: 200 } },
  "/admin": { path: () => "/admin", statuses: administration },
  "/admin/tokens": { path: () => "/admin/tokens", statuses: administration },
  "/admin/users": { path: () => "/admin/users", statuses: administration },
  "/admin/audit": { path: () => "/admin/audit", statuses: administration },
  "/account/password": { path: () => "/account/password", statuses: page307({ rater: 200, poolmate: 200, outsider: 200, researcher: 200, admin: 200 }) },
  "/results": { path: () => "/results", statuses: results },
  "/glossary": { path: () => "/glossary", statuses: results },
  "/queues": { path: () => "/queues", statuses: page307({ rater: 200, poolmate: 200, outsider: 200 }) },
  // A rater's own statement: every rater has one (their own counts only).
  "/queues/statement": { path: () => "/queues/statement", statuses: page307({ rater: 200, poolmate: 200, outsider: 200 }) },
  "/queues/[queueId]": { path: (ids) => `/queues/${ids.queueId}`, statuses: page307({ rater: 200, poolmate: 200, outsider: 404 }) },
  "/queues/[queueId]/ratings": { path: (ids) => `/queues/${ids.queueId}/ratings`, statuses: page307({ rater: 200, poolmate: 200, outsider: 404 }) },
  // The edit page of the rater's own rating: nobody else's, not even a rater of the same pool.
  "/queues/[queueId]/ratings/[assignmentId]": { path: (ids) => `/queues/${ids.queueId}/ratings/${ids.assignmentId}`, statuses: page307({ rater: 200, poolmate: 404, outsider: 404 }) },
  "/studies/[studyId]": { path: (ids) => `/studies/${ids.studyId}`, statuses: results },
  "/studies/[studyId]/analysis": { path: (ids) => `/studies/${ids.studyId}/analysis`, statuses: results },
  "/studies/[studyId]/quality/drift": { path: (ids) => `/studies/${ids.studyId}/quality/drift`, statuses: results },
  "/studies/[studyId]/answers": { path: (ids) => `/studies/${ids.studyId}/answers`, statuses: results },
  "/studies/[studyId]/answers/[answerId]": { path: (ids) => `/studies/${ids.studyId}/answers/${ids.answerId}`, statuses: results },
  "/studies/[studyId]/results": { path: (ids) => `/studies/${ids.studyId}/results`, statuses: results },
  "/studies/[studyId]/quality": { path: (ids) => `/studies/${ids.studyId}/quality`, statuses: results },
  "/studies/[studyId]/quality/statements": { path: (ids) => `/studies/${ids.studyId}/quality/statements`, statuses: results },
  "/studies/[studyId]/quality/gold": { path: (ids) => `/studies/${ids.studyId}/quality/gold`, statuses: results },
  "/studies/[studyId]/import": { path: (ids) => `/studies/${ids.studyId}/import`, statuses: administration },
  // Researchers read queues and their progress; only admins build them or change a pool.
  "/studies/[studyId]/queues": { path: (ids) => `/studies/${ids.studyId}/queues`, statuses: results },
  "/studies/[studyId]/queues/[queueId]": { path: (ids) => `/studies/${ids.studyId}/queues/${ids.queueId}`, statuses: results },
};

// ---- Server actions: who may run them; a refused call gets the action's
// refusal and writes nothing. `call` builds one call's form, unique to it,
// and says whether that call wrote anything.

interface ActionEntry {
  page: (ids: Ids) => string;
  allowed: readonly SignedIn[];
  call: (ids: Ids, tag: string, who: Identity) => Promise<{ fields: Record<string, string | string[]>; written: () => Promise<boolean> }>;
}

const ACTIONS: Record<string, ActionEntry> = {
  "features/admin/actions.ts#createStudyAction": {
    page: () => "/admin",
    allowed: ["admin"],
    call: (_ids, tag) => {
      const name = `Authorization study ${tag}`;
      return Promise.resolve({ fields: { name, description: "" }, written: async () => (await prisma.study.count({ where: { name } })) > 0 });
    },
  },
  "features/admin/actions.ts#createUserAction": {
    page: () => "/admin/users",
    allowed: ["admin"],
    call: (_ids, tag) => {
      const email = `authz-${tag}@test.tandem`;
      const fields = { email, name: `Made by ${tag}`, role: "admin", password: "a long enough password" };
      return Promise.resolve({ fields, written: async () => (await prisma.user.count({ where: { email } })) > 0 });
    },
  },
  "features/admin/actions.ts#createTokenAction": {
    page: () => "/admin/tokens",
    allowed: ["admin"],
    call: (_ids, tag) => {
      const label = `Authorization token ${tag}`;
      return Promise.resolve({ fields: { email: identities.admin.email, label }, written: async () => (await prisma.apiToken.count({ where: { label } })) > 0 });
    },
  },
  "features/admin/actions.ts#revokeTokenAction": {
    page: () => "/admin/tokens",
    allowed: ["admin"],
    call: async (_ids, tag) => {
      const { tokenHash, prefix } = generateApiToken();
      const owner = await prisma.user.findUniqueOrThrow({ where: { email: identities.admin.email } });
      const { id } = await prisma.apiToken.create({ data: { userId: owner.id, label: `To revoke ${tag}`, tokenHash, prefix } });
      return { fields: { id }, written: async () => (await prisma.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt !== null };
    },
  },
  ...Object.fromEntries(
    (
      [
        ["setRoleAction", { role: "rater" }, (u) => u.role === "rater"],
        ["setActiveAction", { active: "false" }, (u) => !u.active],
        ["resetPasswordAction", {}, (u) => u.mustChangePassword],
      ] satisfies [string, Record<string, string>, (u: { role: string; active: boolean; mustChangePassword: boolean }) => boolean][]
    ).map(([name, extra, changed]) => [
      `features/users/actions.ts#${name}`,
      {
        page: () => "/admin/users",
        allowed: ["admin"],
        // A user of its own per call, a researcher: any change shows on their row.
        call: async () => {
          const { user } = await userWithToken("researcher");
          const written = async () => changed(await prisma.user.findUniqueOrThrow({ where: { id: user.id } }));
          return { fields: { id: user.id, ...extra }, written };
        },
      } satisfies ActionEntry,
    ]),
  ),
  // Everyone signed in may change their own password. It ends the caller's
  // sessions; they are put back afterwards, so later calls still have them.
  "features/users/actions.ts#changePasswordAction": {
    page: () => "/account/password",
    allowed: ["rater", "poolmate", "outsider", "researcher", "admin"],
    call: async (_ids, tag, who) => {
      const caller = identities[who].email ? await prisma.user.findUnique({ where: { email: identities[who].email } }) : null;
      const since = new Date();
      const newPassword = `changed password ${tag}`;
      const written = async () => {
        if (!caller) return false;
        const now = await prisma.user.findUniqueOrThrow({ where: { id: caller.id } });
        await prisma.session.updateMany({ where: { userId: caller.id, revokedAt: { gte: since } }, data: { revokedAt: null } });
        return now.passwordHash !== caller.passwordHash;
      };
      return { fields: { currentPassword: "correct horse battery", newPassword, repeatPassword: newPassword }, written };
    },
  },
  "features/queue/actions.ts#createQueueAction": {
    page: (ids) => `/studies/${ids.studyId}/queues`,
    allowed: ["admin"],
    call: (ids, tag) => {
      const name = `Authorization queue ${tag}`;
      const fields = { studyId: ids.studyId, name, ratingsPerItem: "2", raters: [identities.rater.email, identities.poolmate.email] };
      return Promise.resolve({ fields, written: async () => (await prisma.queue.count({ where: { name } })) > 0 });
    },
  },
  // Each call locks or unlocks a study of its own, so the shared study stays open.
  "features/snapshots/actions.ts#lockStudyAction": {
    page: (ids) => `/studies/${ids.studyId}`,
    allowed: ["admin"],
    call: async (_ids, tag) => {
      const { id } = await prisma.study.create({ data: { name: `Authorization lock ${tag}` } });
      return { fields: { studyId: id, reason: `Lock ${tag}` }, written: async () => (await prisma.study.findUniqueOrThrow({ where: { id } })).lockedAt !== null };
    },
  },
  "features/snapshots/actions.ts#unlockStudyAction": {
    page: (ids) => `/studies/${ids.studyId}`,
    allowed: ["admin"],
    call: async (_ids, tag) => {
      const { id } = await prisma.study.create({ data: { name: `Authorization unlock ${tag}`, lockedAt: new Date() } });
      return { fields: { studyId: id, reason: `Unlock ${tag}` }, written: async () => (await prisma.study.findUniqueOrThrow({ where: { id } })).lockedAt === null };
    },
  },
  "features/queue/actions.ts#addRaterAction": {
    page: (ids) => `/studies/${ids.studyId}/queues/${ids.queueId}`,
    allowed: ["admin"],
    call: async (ids) => {
      const { user } = await userWithToken("rater");
      const written = async () => (await prisma.queueRater.count({ where: { queueId: ids.queueId, userId: user.id } })) > 0;
      return { fields: { queueId: ids.queueId, email: user.email }, written };
    },
  },
  // Gold scores of the shared study's answer: each call's own reasoning tells its write apart.
  "features/gold/actions.ts#setGoldScoresAction": {
    page: (ids) => `/studies/${ids.studyId}/answers/${ids.answerId}`,
    allowed: ["admin"],
    call: (ids, tag) => {
      const reasoning = `Gold ${tag}`;
      const fields = { studyId: ids.studyId, answerId: ids.answerId, omissionHarm: "2", commissionHarm: "1", reasoning };
      return Promise.resolve({ fields, written: async () => (await prisma.goldScore.count({ where: { responseId: ids.answerId, reasoning } })) > 0 });
    },
  },
  // Each call clears gold scores it put on the study's other answer first.
  "features/gold/actions.ts#clearGoldScoresAction": {
    page: (ids) => `/studies/${ids.studyId}/answers/${ids.answerId}`,
    allowed: ["admin"],
    call: async (ids, tag) => {
      const other = await prisma.response.findFirstOrThrow({ where: { studyId: ids.studyId, id: { not: ids.answerId } }, select: { id: true } });
      const values = { omissionHarm: 1, commissionHarm: 0, reasoning: `To clear ${tag}` };
      await prisma.goldScore.upsert({ where: { responseId: other.id }, create: { responseId: other.id, studyId: ids.studyId, ...values }, update: values });
      return { fields: { studyId: ids.studyId, answerId: other.id }, written: async () => (await prisma.goldScore.count({ where: { responseId: other.id } })) === 0 };
    },
  },
  "features/queue/actions.ts#removeRaterAction": {
    page: (ids) => `/studies/${ids.studyId}/queues/${ids.queueId}`,
    allowed: ["admin"],
    call: async (ids) => {
      // A rater added for this call, whom the pool can spare.
      const { user } = await userWithToken("rater");
      await prisma.queueRater.create({ data: { queueId: ids.queueId, userId: user.id } });
      const written = async () => (await prisma.queueRater.count({ where: { queueId: ids.queueId, userId: user.id } })) === 0;
      return { fields: { queueId: ids.queueId, userId: user.id }, written };
    },
  },
};

// ---- The identities and the records, set up once.

const identities = {} as Record<Identity, Credentials & { email: string }>;
let ids: Ids;

beforeAll(async () => {
  const make = async (role: "admin" | "researcher" | "rater") => {
    const user = await userWithToken(role);
    return { ...user, cookie: await sessionCookie(baseUrl(), user.email, user.password) };
  };
  const [rater, poolmate, outsider, researcher, admin, revoked, deactivated] = await Promise.all([
    make("rater"), make("rater"), make("rater"), make("researcher"), make("admin"), userWithToken("admin"), make("admin"),
  ]);
  for (const [who, user] of Object.entries({ rater, poolmate, outsider, researcher, admin })) {
    identities[who as SignedIn] = { email: user.email, token: user.token, cookie: user.cookie };
  }
  identities.anonymous = { email: "" };
  // An admin's token, revoked; and an admin who signed in and was then deactivated.
  await prisma.apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
  identities.revokedToken = { email: revoked.email, token: revoked.token };
  await prisma.user.update({ where: { id: deactivated.user.id }, data: { active: false } });
  identities.deactivated = { email: deactivated.email, token: deactivated.token, cookie: deactivated.cookie };

  const study = (await api<{ id: string }>("/api/v1/studies", { method: "POST", token: admin.token, json: { name: unique("Authorization") } })).body;
  const post = (path: string, body: string) => api(`/api/v1/studies/${study.id}/${path}`, { method: "POST", token: admin.token, body });
  expect((await post("scenarios", JSON.stringify(scenario("A1")))).status).toBe(200);
  expect((await post("responses", ndjson([answer("A1", "m", 1), answer("A1", "m", 2)]))).status).toBe(200);
  const queue = await api<{ id: string }>(`/api/v1/studies/${study.id}/queues`, { method: "POST", token: admin.token, json: { name: "Authorization queue", raters: [rater.email, poolmate.email] } });
  expect(queue.status).toBe(201);
  const claimed = await api<{ assignmentId: string }>(`/api/v1/queues/${queue.body.id}/next`, { method: "POST", token: rater.token });
  expect((await api(`/api/v1/assignments/${claimed.body.assignmentId}/rating`, { method: "POST", token: rater.token, json: rating })).status).toBe(201);
  const { id: answerId } = await prisma.response.findFirstOrThrow({ where: { studyId: study.id }, select: { id: true } });
  ids = { studyId: study.id, queueId: queue.body.id, answerId, assignmentId: claimed.body.assignmentId };
});

/** The ways an identity authenticates: a route takes a Bearer token or the session cookie, so both are tried. */
function credentialsOf(who: Identity): { how: string; headers: Record<string, string> }[] {
  const { token, cookie } = identities[who];
  const ways: { how: string; headers: Record<string, string> }[] = [];
  if (token) ways.push({ how: "token", headers: { authorization: `Bearer ${token}` } });
  if (cookie) ways.push({ how: "cookie", headers: { cookie } });
  return ways.length > 0 ? ways : [{ how: "nothing", headers: {} }];
}

async function send(method: string, path: string, headers: Record<string, string>, json?: unknown): Promise<number> {
  const body = json === undefined ? null : JSON.stringify(json);
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    redirect: "manual",
    // Origin as a browser sends it with a request of the app's own pages.
    headers: { origin: baseUrl(), ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body,
  });
  await response.body?.cancel();
  return response.status;
}

describe("the authorization table", () => {
  it("has an entry for every route handler and method, every page and every server action, and no other", () => {
    const missing = (found: string[], table: object) => found.filter((key) => !(key in table));
    const stale = (found: string[], table: object) => Object.keys(table).filter((key) => !found.includes(key));
    const routes = appRoutes();
    const pages = appPages();
    const actions = [...new Set([...serverActions(), ...builtActions().keys()])];
    expect({ routes: missing(routes, ROUTES), pages: missing(pages, PAGES), actions: missing(actions, ACTIONS) }, "add these to the table").toEqual({ routes: [], pages: [], actions: [] });
    expect({ routes: stale(routes, ROUTES), pages: stale(pages, PAGES), actions: stale(actions, ACTIONS) }, "no longer in the source").toEqual({ routes: [], pages: [], actions: [] });
  });

  it.each(Object.keys(ROUTES))("route %s answers each identity as the table says", async (key) => {
    const entry = ROUTES[key];
    if (!entry) throw new Error(key);
    const method = key.split(" ")[0] ?? "GET";
    const got: string[] = [];
    const expected: string[] = [];
    for (const who of IDENTITIES) {
      for (const { how, headers } of credentialsOf(who)) {
        const { path, json } = entry.request(ids);
        const status = await send(method, path, headers, json);
        const label = `${who} (${how})`;
        if (entry.statuses === "open") {
          got.push(`${label}: ${status === 401 || status === 403 || status >= 500 ? `refused ${status}` : "served"}`);
          expected.push(`${label}: served`);
        } else {
          got.push(`${label}: ${status}`);
          expected.push(`${label}: ${entry.statuses[who]}`);
        }
      }
    }
    expect(got).toEqual(expected);
  });

  it.each(Object.keys(PAGES))("page %s answers each identity as the table says", async (key) => {
    const entry = PAGES[key];
    if (!entry) throw new Error(key);
    const got: string[] = [];
    for (const who of IDENTITIES) {
      const { cookie } = identities[who];
      got.push(`${who}: ${await send("GET", entry.path(ids), cookie ? { cookie } : {})}`);
    }
    expect(got).toEqual(IDENTITIES.map((who) => `${who}: ${entry.statuses[who]}`));
  });

  it.each(Object.keys(ACTIONS))("server action %s runs for the allowed roles only, and a refusal writes nothing", async (key) => {
    const entry = ACTIONS[key];
    const built = builtActions().get(key);
    if (!entry || !built) throw new Error(`${key} is not in the build: run npm run build`);
    const got: string[] = [];
    const expected: string[] = [];
    for (const who of IDENTITIES) {
      const { fields, written } = await entry.call(ids, `${who}-${unique("call")}`, who);
      const { cookie } = identities[who];
      const { state } = await callAction({ baseUrl: baseUrl(), actionId: built.id, page: entry.page(ids), fields, headers: cookie ? { cookie } : {} });
      const allowed = (entry.allowed as readonly Identity[]).includes(who);
      const refusal = (SIGNED_OUT as readonly Identity[]).includes(who) ? "Your session has ended; sign in again." : "Your role does not allow this.";
      got.push(`${who}: ${state?.ok ? "done" : (state?.message ?? "no answer")}, ${(await written()) ? "written" : "nothing written"}`);
      expected.push(`${who}: ${allowed ? "done, written" : `${refusal}, nothing written`}`);
    }
    expect(got).toEqual(expected);
  });
});
