// The study analysis (features/analysis/compute.ts analyseStudy, the pure
// function behind GET …/analysis and the snapshot frozen at a study's lock)
// over synthetic answers: 6 models, 200 scenarios (50 decoupling pairs and 100
// others), three critical actions each, seeded scores. Timed in process, no
// database: the resampling (bootstrap intervals, permutation tests) dominates.
// The baseline is the same script run on the code before a change (see
// docs/benchmarks.md).
import { analyseStudy, type ScoredAnswer } from "@/features/analysis/compute";
import { seededRandom } from "@/lib/stats/random";

const MODELS = 6;
const SCENARIOS = 200;
const ACTIONS = 3;

function scenarioOf(i: number) {
  const pair = i < 100 ? `p${Math.floor(i / 2)}` : null;
  return {
    scenario: `S${i}`,
    category: ["acute", "chronic", "golden_hour", "mental_health"][i % 4] ?? "acute",
    acuityWeight: 1 + (i % 4),
    pairId: pair,
    framing: pair === null ? null : i % 2 === 0 ? "layperson" : "physician",
  };
}

export function syntheticAnswers(n: number): { answers: ScoredAnswer[]; colliding: Map<string, boolean[]> } {
  const random = seededRandom(20261206);
  const colliding = new Map<string, boolean[]>();
  for (let s = 0; s < SCENARIOS; s++) colliding.set(`S${s}`, Array.from({ length: ACTIONS }, () => random() < 0.4));
  const hit = () => (random() < 0.7 ? 1 : random() < 0.5 ? 0.5 : 0);
  const answers = Array.from({ length: n }, (_, i): ScoredAnswer => {
    const s = scenarioOf(i % SCENARIOS);
    return {
      model: `m${Math.floor(i / SCENARIOS) % MODELS}`,
      ...s,
      contentFiltered: random() < 0.05,
      oh: random() < 0.02 ? null : Math.floor(random() * 5),
      ch: Math.floor(random() * 4),
      actions: random() < 0.1 ? null : Array.from({ length: ACTIONS }, hit),
    };
  });
  return { answers, colliding };
}

export function benchAnalysis(sizes: readonly number[], runs = 3) {
  for (const n of sizes) {
    const { answers, colliding } = syntheticAnswers(n);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      analyseStudy(answers, colliding);
      times.push(performance.now() - started);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
    console.log(`analysis of ${n.toLocaleString("en")} answers: median of ${runs} ${(median / 1000).toFixed(2)} s (runs ${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s)`);
  }
}
