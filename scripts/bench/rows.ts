// The rows the import benchmarks send: answers of ~1.5 KB to SCENARIOS scenarios by six models.
export const SCENARIOS = 60;
const MODELS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];

export function answerRow(i: number) {
  const scenario = `B${i % SCENARIOS}`;
  const model = MODELS[Math.floor(i / SCENARIOS) % MODELS.length] ?? "alpha";
  const repetition = Math.floor(i / (SCENARIOS * MODELS.length));
  const words = `Answer ${i}: call emergency services, apply firm direct pressure, keep the person warm and still. `;
  return {
    scenario_id: scenario,
    model_id: model,
    rep_id: repetition,
    response: words.repeat(Math.ceil(1450 / words.length)).slice(0, 1450),
    output_tokens: 350,
    content_filtered: false,
    metadata: { temperature: 0.7 },
  };
}

export const benchScenarios = () =>
  Array.from({ length: SCENARIOS }, (_, i) => ({
    id: `B${i}`,
    quadrant: "bench",
    acuity_weight: 1 + (i % 4),
    prompt: `Prompt ${i}`,
    gold_standard_response: "Gold",
    critical_actions: ["a", "b", "c", "d", "e", "f"],
  }));
