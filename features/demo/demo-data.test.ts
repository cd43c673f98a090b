import { describe, expect, it } from "vitest";
import { DEMO_MODELS, DEMO_REPETITIONS, DEMO_SAFETY_COLLIDING, demoAnswers } from "./answers";
import { DEMO_SCENARIOS } from "./scenarios";

describe("demo data", () => {
  it("has at least six scenarios in several categories, with unique ids", () => {
    expect(DEMO_SCENARIOS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DEMO_SCENARIOS.map((s) => s.quadrant)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(DEMO_SCENARIOS.map((s) => s.id)).size).toBe(DEMO_SCENARIOS.length);
  });

  it("has a decoupling pair whose two sides name each other, one layperson and one physician", () => {
    const paired = DEMO_SCENARIOS.filter((s) => s.decoupling_variant);
    expect(paired.map((s) => s.decoupling_variant?.framing).sort()).toEqual(["layperson", "physician"]);
    for (const s of paired) {
      const partner = DEMO_SCENARIOS.find((p) => p.id === s.decoupling_variant?.partner_id);
      expect(partner?.decoupling_variant?.partner_id).toBe(s.id);
      expect(partner?.decoupling_variant?.pair_id).toBe(s.decoupling_variant?.pair_id);
    }
  });

  it("gives one answer per scenario, model and repetition", () => {
    const answers = demoAnswers(DEMO_SCENARIOS);
    expect(DEMO_MODELS).toHaveLength(3);
    expect(answers).toHaveLength(DEMO_SCENARIOS.length * DEMO_MODELS.length * DEMO_REPETITIONS);
    const keys = new Set(answers.map((a) => `${a.scenarioId}/${a.modelId}/${a.repetition}`));
    expect(keys.size).toBe(answers.length);
    expect(answers.filter((a) => a.contentFiltered).every((a) => a.text === "")).toBe(true);
  });

  it("has one safety-colliding flag per critical action", () => {
    for (const [id, flags] of Object.entries(DEMO_SAFETY_COLLIDING)) {
      expect(flags).toHaveLength(DEMO_SCENARIOS.find((s) => s.id === id)?.critical_actions.length ?? -1);
    }
  });
});
