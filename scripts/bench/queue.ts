// docs/design.md §9: 50 raters claiming and submitting concurrently over HTTP.
// Figure: p95 claim latency. Baseline, same run and concurrency: p95 of an
// authenticated request that does no queue work. Check: no item rated more
// often than asked, never twice by one rater.
import pg from "pg";
import { quantile } from "@/lib/stats/descriptive";
import type { BenchEnvironment } from "./harness";

const RATERS = 50;

async function timed(url: string, init: RequestInit) {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

const p95 = (values: number[]) => quantile(values, 0.95) ?? Number.NaN;

/** `thinkMs`: a rater's pause after each rating (physicians take about a minute; 0 saturates the server). */
export async function benchQueue(env: BenchEnvironment, answers: number, thinkMs: number, label: string) {
  const auth = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${env.baseUrl}${path}`, { method: "POST", headers: auth(env.token), body: typeof body === "string" ? body : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const { createApiToken, createUser } = await import("@/features/users/service");
  const { newTokenSchema, newUserSchema } = await import("@/features/users/schemas");
  const raters = await Promise.all(
    Array.from({ length: RATERS }, async (_, i) => {
      const email = `bench-${label}-rater-${i}@bench.tandem`;
      await createUser(newUserSchema.parse({ email, name: `Rater ${i}`, role: "rater", password: "bench-password" }));
      return { email, token: (await createApiToken(newTokenSchema.parse({ email }))).token };
    }),
  );
  const study = await post("/api/v1/studies", { name: `bench queue ${label}` });
  await post(`/api/v1/studies/${study.id}/scenarios`, { id: "Q", quadrant: "bench", acuity_weight: 1, prompt: "p", gold_standard_response: "g", critical_actions: ["a", "b"] });
  const rows = Array.from({ length: answers }, (_, i) => JSON.stringify({ scenario_id: "Q", model_id: `m${i % 6}`, rep_id: i, response: "An answer." }));
  await post(`/api/v1/studies/${study.id}/responses`, rows.join("\n"));
  const queue = await post(`/api/v1/studies/${study.id}/queues`, { name: "bench", raters: raters.map((r) => r.email) });

  const rating = JSON.stringify({ omission_harm: 1, commission_harm: 0, critical_action_results: ["hit", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "bench" });
  const claims: number[] = [];
  const baseline: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    raters.map(async (rater) => {
      for (;;) {
        const claim = await timed(`${env.baseUrl}/api/v1/queues/${queue.id}/next`, { method: "POST", headers: auth(rater.token) });
        claims.push(claim.ms);
        if (claim.status === 204) return;
        if (claim.status !== 200) {
          failures++;
          return;
        }
        const { assignmentId } = JSON.parse(claim.text) as { assignmentId: string };
        const submitted = await timed(`${env.baseUrl}/api/v1/assignments/${assignmentId}/rating`, { method: "POST", headers: auth(rater.token), body: rating });
        if (submitted.status !== 201) failures++;
        // The baseline request, interleaved under the same load.
        baseline.push((await timed(`${env.baseUrl}/api/v1/studies`, { headers: auth(rater.token) })).ms);
        if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  const { rows: [check] } = await client.query<{ over: number; twice: number; short: number }>(
    `SELECT count(*) FILTER (WHERE ratings > 2)::int AS over, count(*) FILTER (WHERE raters < ratings)::int AS twice,
            count(*) FILTER (WHERE ratings < 2)::int AS short
     FROM (SELECT qi.id, count(g.id) AS ratings, count(DISTINCT g.rater_id) AS raters
           FROM queue_items qi LEFT JOIN ratings g ON g.response_id = qi.response_id
           WHERE qi.queue_id = $1 GROUP BY qi.id) t`,
    [queue.id],
  );
  await client.end();

  console.log(`\nQueue: ${RATERS} concurrent raters double-rating ${answers} answers over HTTP, think time ~${thinkMs} ms (${seconds.toFixed(1)} s)`);
  console.log(`  claim p95                  ${p95(claims).toFixed(1)} ms over ${claims.length} claims (target ≤ 50 ms)`);
  console.log(`  baseline: authenticated GET ${p95(baseline).toFixed(1)} ms p95 under the same load`);
  console.log(`  items over-assigned        ${check?.over ?? "?"}; rated twice by one rater ${check?.twice ?? "?"}; left short ${check?.short ?? "?"}; failed requests ${failures}`);
}
