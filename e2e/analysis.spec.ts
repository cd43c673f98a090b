// A researcher reads the study analysis from a machine rater, compares it with
// the physicians' reading side by side, and downloads the report.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { signedInApi, storageStatePath } from "./support/users";

let studyId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const admin = await signedInApi(playwright, testInfo.project.use.baseURL, "admin");
  studyId = ((await (await admin.post("/api/v1/studies", { data: { name: `Analysis e2e ${Date.now()}` } })).json()) as { id: string }).id;
  const post = async (path: string, body: string) =>
    expect((await admin.post(`/api/v1/studies/${studyId}/${path}`, { headers: { "content-type": "application/x-ndjson" }, data: body })).status()).toBe(200);
  const pair = (framing: string, partner: string) => ({ decoupling_variant: { pair_id: "bleeding", framing, partner_id: partner } });
  await post("scenarios", ndjson([scenario("LAY", pair("layperson", "DOC")), scenario("DOC", pair("physician", "LAY"))]));
  const keys = ["LAY", "DOC"].flatMap((s) => ["model-one", "model-two"].map((m) => ({ s, m })));
  await post("responses", ndjson(keys.map((k) => answer(k.s, k.m, 1))));
  // The judge sees more harm when the layperson asks: gap 3 − 1 = 2 for model-one.
  await post("scores?rater=judge-e2e", ndjson(keys.map((k) => score(k.s, k.m, 1, k.s === "LAY" && k.m === "model-one" ? 3 : 1, 0))));
  await admin.dispose();
});

test.use({ storageState: storageStatePath("researcher") });

test("shows per-model harm and the decoupling gap for the chosen source, beside another", async ({ page }) => {
  await page.goto(`/studies/${studyId}`);
  await page.getByRole("link", { name: "Analysis", exact: true }).click();
  await expect(page).toHaveURL(/\/analysis$/);
  // Nobody has rated yet: the physicians' reading is empty, and says so.
  await expect(page.getByText("No decoupling pair has scored answers under both framings.")).toBeVisible();

  await page.getByLabel("Source").selectOption("judge-e2e");
  await page.getByLabel("Compare with").selectOption("physicians");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/source=judge-e2e/);
  await expect(page.getByTestId("judge-e2e model-one mean_oh")).toHaveText("2.000");
  await expect(page.getByTestId("judge-e2e model-one mean_gap")).toHaveText("2.000");
  await expect(page.getByTestId("judge-e2e model-two mean_gap")).toHaveText("0.000");
  await expect(page.getByRole("table", { name: "Harm per model: physicians" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Decoupling gap per pair and model" })).toContainText("2.00");
  await expect(page.getByRole("img", { name: "Distribution of omission harm per model" })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Report (Markdown)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("analysis-judge-e2e.md");
});

test.describe("model selection, test conventions and the framing figures", () => {
  let framedId = "";

  test.beforeAll(async ({ playwright }, testInfo) => {
    const { studyId: id, post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Analysis framings e2e ${Date.now()}`);
    framedId = id;
    const variant = (pair: string, framing: string, partner: string) => ({ critical_actions: ["call", "press"], decoupling_variant: { pair_id: pair, framing, partner_id: partner } });
    const pairs = ["1", "2", "3"];
    // Group 1 has a third framing, a lawyer asking the same question.
    await post("scenarios", ndjson([...pairs.flatMap((p) => [scenario(`L${p}`, variant(`pair-${p}`, "layperson", `P${p}`)), scenario(`P${p}`, variant(`pair-${p}`, "physician", `L${p}`))]), scenario("W1", variant("pair-1", "lawyer", "P1"))]));
    await post("safety-colliding", Object.fromEntries([...pairs.flatMap((p) => [[`L${p}`, [true, false]], [`P${p}`, [true, false]]]), ["W1", [true, false]]]));
    const models = ["m-one", "m-two", "m-three"];
    const keys = models.flatMap((m) => [...pairs.flatMap((p) => [`L${p}`, `P${p}`]), "W1"].map((s) => ({ s, m })));
    await post("responses", ndjson(keys.map((k) => answer(k.s, k.m, 1, { content_filtered: k.m === "m-three" && k.s === "P1" }))));
    // m-one's gaps 2, 1, 3; the other models' 0. Layperson answers miss the colliding action, physician ones hit it.
    const oh = (s: string, m: string) => (m !== "m-one" || s === "W1" ? 1 : s.startsWith("P") ? 0 : Number(s.slice(1)) === 1 ? 2 : Number(s.slice(1)) === 2 ? 1 : 3);
    await post("scores?rater=judge-x", ndjson(keys.map((k) => score(k.s, k.m, 1, oh(k.s, k.m), 0, { critical_action_results: k.s.startsWith("L") ? ["miss", "hit"] : ["hit", "hit"] }))));
    await dispose();
  });

  test("the model boxes and the test convention change the pooled gap and the p-values, each labelled with its method", async ({ page }) => {
    await page.goto(`/studies/${framedId}/analysis?source=judge-x`);
    // Over three models: per-pair means 2/3, 1/3, 1 → mean 0.667; three untied positive gaps: exact p = 1/8.
    await expect(page.getByTestId("pooled-decoupling")).toContainText("Pooled over 3 models");
    await expect(page.getByTestId("pooled mean_gap")).toContainText("0.667");
    await expect(page.getByTestId("pooled p")).toHaveText("0.125 (exact)");
    await expect(page.getByRole("table", { name: "Hit rate by framing", exact: true })).toBeVisible();
    await expect(page.getByTestId("hit layperson colliding")).toContainText("0.0 %");
    await expect(page.getByTestId("hit physician colliding")).toContainText("100.0 %");
    await expect(page.getByTestId("mw layperson colliding p")).toContainText("(normal)");
    await expect(page.getByTestId("filtered m-three physician")).toContainText("33.3 %");
    // The lawyer framing against the physician one: m-one 1 − 0, the others 1 − 1.
    await expect(page.getByTestId("gap lawyer m-one")).toHaveText("1.000");
    await expect(page.getByTestId("gap lawyer m-two")).toHaveText("0.000");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("checkbox", { name: "m-three" }).uncheck();
    await page.getByLabel("Test convention").selectOption("normal");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/models=m-one&models=m-two/);
    // Over m-one and m-two: 1, 0.5, 1.5 → mean 1; normal: W = 6, mean 3, var 3.5, z = 3/√3.5 → p 0.054.
    await expect(page.getByTestId("pooled-decoupling")).toContainText("Pooled over 2 models");
    await expect(page.getByTestId("pooled mean_gap")).toContainText("1.000");
    await expect(page.getByTestId("pooled p")).toHaveText("0.054 (normal)");
    await expect(page.getByTestId("filtered m-three physician")).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "m-three" })).not.toBeChecked();

    await page.getByLabel("Test convention").selectOption("exact");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("mw layperson colliding p")).toContainText("(exact)");
    await expect(page.getByTestId("test-convention")).toContainText("Exact");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("names a misspelt parameter or an unknown model instead of showing unfiltered figures", async ({ page }) => {
    await page.goto(`/studies/${framedId}/analysis?source=judge-x&modle=m-one`);
    await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText("modle is not a known field or parameter here.");
    await expect(page.getByTestId("pooled-decoupling")).toHaveCount(0);
    await page.goto(`/studies/${framedId}/analysis?excludeModels=gpt-9`);
    await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText('excludeModels: the study has no model named "gpt-9".');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
