// docs/design.md §9: agreement for one scale over 1,000,000 double-rated answers.
// Figure: GET /api/v1/studies/{id}/agreement (pooled physician pairs) over
// HTTP. Baselines, same run, sent straight to PostgreSQL over `pg`: the bare
// SQL that counts the same K×K table from the ratings (first and second
// physician rating per answer), and the same count over pooled_pairs, the
// summary the API reads. Also: the results page (HTML, signed in) and its
// JSON at that size, and the same figures computed in process from the
// per-study aggregates and from the live queries (the code before them).
import pg from "pg";
import { sessionCookie } from "../lib/sign-in";
import type { BenchEnvironment } from "./harness";

const PHYSICIANS = 10;
const RUNS = 5;

/** The pooled table in its barest form: each answer's first and second physician rating, counted by (a, b). */
const BARE_POOLED_SQL = `
  WITH ranked AS (
    SELECT g.response_id, g.omission_harm AS score,
           row_number() OVER (PARTITION BY g.response_id ORDER BY g.created_at, g.id) AS nth
    FROM ratings g JOIN responses r ON r.id = g.response_id AND r.study_id = $1
    WHERE g.rater_kind = 'physician')
  SELECT a.score AS a, b.score AS b, count(*) FROM ranked a JOIN ranked b ON b.response_id = a.response_id AND b.nth = 2
  WHERE a.nth = 1 GROUP BY 1, 2`;

/** The same table counted from pooled_pairs, the trigger-kept summary the API reads. */
const BARE_PAIRS_SQL = `SELECT oh_a AS a, oh_b AS b, count(*) FROM pooled_pairs WHERE study_id = $1 AND ratings >= 2 AND current GROUP BY 1, 2`;

async function median(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up: caches, JIT, the server's first compile of the route
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
}

/** 1M answers, each rated by two of ten physicians (correlated scores) and scored by one machine rater. */
export async function seedAgreementStudy(client: pg.Client, env: BenchEnvironment, answers: number): Promise<string> {
  const studyResponse = await fetch(`${env.baseUrl}/api/v1/studies`, { method: "POST", headers: { authorization: `Bearer ${env.token}`, "content-type": "application/json" }, body: JSON.stringify({ name: "bench agreement" }) });
  const study = (await studyResponse.json()) as { id: string };
  await client.query("SELECT setseed(0.42)");
  await client.query(
    `INSERT INTO scenarios (id, study_id, external_id, category, acuity_weight, prompt, gold_standard, commission_risks, content_hash)
     VALUES (tandem_uuid_v7(), $1, 'B1', 'bench', 1, 'p', 'g', '{}', 'bench')`, [study.id]);
  await client.query(
    `INSERT INTO users (id, email, name, role, password_hash)
     SELECT tandem_uuid_v7(), 'agreement-doc-' || i || '@bench.tandem', 'Dr ' || i, 'rater', 'x' FROM generate_series(0, ${PHYSICIANS - 1}) i`);
  await client.query(`INSERT INTO raters (id, kind, user_id, name) SELECT tandem_uuid_v7(), 'physician', id, name FROM users WHERE email LIKE 'agreement-doc-%'`);
  await client.query(`INSERT INTO raters (id, kind, study_id, name) VALUES (tandem_uuid_v7(), 'machine', $1, 'bench-judge')`, [study.id]);
  await client.query(
    `INSERT INTO responses (id, study_id, scenario_id, model_id, repetition, text, blind_code, content_hash)
     SELECT tandem_uuid_v7(), $1, s.id, 'm' || (i % 6), i, 'answer', 'B-' || i, 'h'
     FROM generate_series(1, ${answers}) i, scenarios s WHERE s.study_id = $1`, [study.id]);
  // Scores: a "true" OH per answer; each rater is off by one now and then.
  await client.query(
    `WITH doc AS (SELECT r.id, row_number() OVER (ORDER BY r.name) - 1 AS n FROM raters r WHERE r.name LIKE 'Dr %' AND r.kind = 'physician'),
          truth AS (SELECT id, repetition AS i, floor(random() * 5)::int AS oh, floor(random() * 4)::int AS ch FROM responses WHERE study_id = $1),
          pairs AS (SELECT t.*, k FROM truth t CROSS JOIN (VALUES (0), (1)) AS side(k))
     INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, critical_action_results, response_class, omission_mechanism, reasoning, created_at, updated_at)
     SELECT tandem_uuid_v7(), p.id, d.id, 'physician',
            LEAST(4, GREATEST(0, p.oh + CASE WHEN random() < 0.3 THEN (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) ELSE 0 END)),
            LEAST(3, GREATEST(0, p.ch + CASE WHEN random() < 0.2 THEN 1 ELSE 0 END)),
            '{hit,miss}', 'substantive', 'none', 'bench',
            now() - interval '30 days' + p.i * interval '1 second' + p.k * interval '1 day', now()
     FROM pairs p JOIN doc d ON d.n = CASE WHEN p.k = 0 THEN p.i % ${PHYSICIANS} ELSE (p.i % ${PHYSICIANS} + 1 + (p.i / ${PHYSICIANS}) % ${PHYSICIANS - 1}) % ${PHYSICIANS} END`,
    [study.id]);
  await client.query(
    `INSERT INTO ratings (id, response_id, rater_id, rater_kind, omission_harm, commission_harm, created_at, updated_at)
     SELECT tandem_uuid_v7(), r.id, m.id, 'machine', CASE WHEN random() < 0.01 THEN -1 ELSE floor(random() * 5)::int END, floor(random() * 4)::int, now(), now()
     FROM responses r, raters m WHERE r.study_id = $1 AND m.study_id = $1`, [study.id]);
  await client.query("VACUUM ANALYZE");
  return study.id;
}

export async function benchAgreement(env: BenchEnvironment, answers: number) {
  const client = new pg.Client({ connectionString: env.databaseUrl });
  // The harness drops the database when a step fails; that must not hide the step's own error.
  client.on("error", (error) => console.error("bench database connection:", error.message));
  await client.connect();
  const seeding = performance.now();
  const studyId = await seedAgreementStudy(client, env, answers);
  console.log(`\nAgreement: ${answers.toLocaleString("en")} answers × 2 physician ratings + 1 machine score seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);

  const { createUser } = await import("@/features/users/service");
  const { newUserSchema } = await import("@/features/users/schemas");
  await createUser(newUserSchema.parse({ email: "agreement-researcher@bench.tandem", name: "Researcher", role: "researcher", password: "bench-password" }));
  const cookie = await sessionCookie(env.baseUrl, "agreement-researcher@bench.tandem", "bench-password");
  const auth = { authorization: `Bearer ${env.token}` };
  const get = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${env.baseUrl}${path}`, { headers, signal: AbortSignal.timeout(600_000) });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
    return body;
  };

  const bare = await median(() => client.query(BARE_POOLED_SQL, [studyId]));
  const barePairs = await median(() => client.query(BARE_PAIRS_SQL, [studyId]));
  const api = await median(() => get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm`, auth));
  const figures = JSON.parse(await get(`/api/v1/studies/${studyId}/agreement?scale=omission_harm`, auth)) as { n: number; kappa_quadratic: number };
  const resultsJson = await median(() => get(`/api/v1/studies/${studyId}/results`, auth));
  const page = await median(() => get(`/studies/${studyId}/results`, { cookie }));
  // The same page's figures in this process, from the aggregates (what the route serves without a filter) and from the live queries (the code before them).
  const { studyResults, studyResultsLive } = await import("@/features/results/results");
  const inProcess = await median(() => studyResults(studyId));
  const inProcessLive = await median(() => studyResultsLive(studyId));
  await client.end();

  console.log(`  API agreement (pooled, OH)   ${api.toFixed(0)} ms median of ${RUNS} (n = ${figures.n}, κ quad ${figures.kappa_quadratic.toFixed(3)})`);
  console.log(`  baseline: bare SQL K×K count over the ratings ${bare.toFixed(0)} ms → ratio ${(api / bare).toFixed(2)} (target ≤ 1.5)`);
  console.log(`  baseline: bare SQL K×K count over pooled_pairs ${barePairs.toFixed(0)} ms → ratio ${(api / barePairs).toFixed(2)}`);
  console.log(`  results JSON (everything)    ${resultsJson.toFixed(0)} ms`);
  console.log(`  results page (HTML)          ${page.toFixed(0)} ms (target < 1,000 ms)`);
  console.log(`  results JSON / bare count over pooled_pairs → ratio ${(resultsJson / barePairs).toFixed(2)} (target ≤ 1.5)`);
  console.log(`  studyResults in process: from the aggregates ${inProcess.toFixed(0)} ms; from the live queries ${inProcessLive.toFixed(0)} ms`);
}
