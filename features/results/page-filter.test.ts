import { describe, expect, it } from "vitest";
import { resultsPageFilter } from "./page-filter";

const options = { queues: [{ id: "q1" }], raters: [{ id: "r1" }, { id: "r2" }] };

describe("the Results page's filter", () => {
  it("keeps a valid pair in the figures' filter and its query", () => {
    const page = resultsPageFilter({ model: "m", raterA: "r1", raterB: "r2" }, options);
    expect(page.pairProblem).toBeUndefined();
    expect(page.filter).toEqual({ model: "m", raterA: "r1", raterB: "r2" });
    expect(page.chosen).toEqual(page.filter);
    expect(new URLSearchParams(page.query).get("raterB")).toBe("r2");
  });

  it("leaves a refused pair (one rater, or the same twice) out of the filter and query the figures and exports use, but shows it as chosen", () => {
    for (const address of [{ raterA: "r1" }, { raterB: "r2" }, { raterA: "r1", raterB: "r1" }]) {
      const page = resultsPageFilter({ model: "m", ...address }, options);
      expect(page.pairProblem, JSON.stringify(address)).toBeDefined();
      expect(page.chosen).toEqual({ model: "m", ...address });
      expect(page.filter).toEqual({ model: "m" });
      expect(page.query).toBe("model=m");
    }
  });

  it("shows the whole study for an unknown queue or rater", () => {
    for (const address of [{ queue: "nope", model: "m" }, { raterA: "r1", raterB: "someone", model: "m" }]) {
      const page = resultsPageFilter(address, options);
      expect(page).toEqual({ chosen: {}, filter: {}, pairProblem: undefined, query: "" });
    }
  });
});

describe("the Results page's model lists", () => {
  const withModels = { ...options, models: ["m-a", "m-b", "m-c"] };

  it("carries models and excludeModels into the figures' query as comma-separated lists", () => {
    const page = resultsPageFilter({ models: "m-a, m-b,", excludeModels: "m-b" }, withModels);
    expect(page.filter).toEqual({ models: ["m-a", "m-b"], excludeModels: ["m-b"] });
    const query = new URLSearchParams(page.query);
    expect(query.get("models")).toBe("m-a,m-b");
    expect(query.get("excludeModels")).toBe("m-b");
  });

  it("shows the whole study when a listed model is not the study's", () => {
    for (const address of [{ models: "m-a,gpt-9" }, { excludeModels: "nope" }]) {
      expect(resultsPageFilter(address, withModels), JSON.stringify(address)).toEqual({ chosen: {}, filter: {}, pairProblem: undefined, query: "" });
    }
  });
});
