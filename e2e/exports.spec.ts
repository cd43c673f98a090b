// The Results page's exports follow its filters: the links carry the page's
// filter and say so, and the files they download hold only the ratings in
// that scope, named after the study and the filter.
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { adminStudy, rateEveryOffer } from "./support/study";
import { E2E_USERS, signedInApi, storageStatePath, type E2EAccount } from "./support/users";

let studyId = "";
let studyName = "";
const queues: Record<"Alpha" | "Beta", string> = { Alpha: "", Beta: "" };

/** The rating this spec gives every answer, with its OH. */
const ratingWith = (oh: number) => ({
  omission_harm: oh, commission_harm: 0, critical_action_results: ["hit", "partial", "miss"], response_class: "substantive", omission_mechanism: "none", reasoning: "Export e2e.",
});

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  studyName = `Exports_e2e_${Date.now()}`;
  const study = await adminStudy(playwright, baseURL, studyName);
  studyId = study.studyId;
  await study.post("scenarios", ndjson([scenario("X1")]));
  await study.post("responses", ndjson([answer("X1", "m-alpha", 1), answer("X1", "m-alpha", 2), answer("X1", "m-beta", 1)]));
  queues.Alpha = (await study.post("queues", { name: "Alpha", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email], filter: { models: ["m-alpha"] } })).id;
  queues.Beta = (await study.post("queues", { name: "Beta", raters: [E2E_USERS.rater.email], ratingsPerItem: 1, filter: { models: ["m-beta"] } })).id;
  await study.dispose();
  const raters = await Promise.all((["rater", "rater2"] as E2EAccount[]).map((account) => signedInApi(playwright, baseURL, account)));
  const [first, second] = raters as [APIRequestContext, APIRequestContext];
  await rateEveryOffer(first, queues.Alpha, ratingWith(1));
  await rateEveryOffer(second, queues.Alpha, ratingWith(2));
  await rateEveryOffer(first, queues.Beta, ratingWith(3));
  await Promise.all(raters.map((r) => r.dispose()));
});

test.use({ storageState: storageStatePath("researcher") });

/** Clicks the export link and returns the downloaded file's name and text. */
async function download(page: Page, name: string | RegExp) {
  const pending = page.waitForEvent("download");
  await page.getByRole("navigation", { name: "Exports" }).getByRole("link", { name }).click();
  const file = await pending;
  return { filename: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

const csvRows = (text: string) => text.trimEnd().split("\r\n").slice(1).map((line) => line.split(","));

test("unfiltered, the export holds every rating of the study and is named after it", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results`);
  const { filename, text } = await download(page, "Ratings CSV");
  expect(filename).toBe(`ratings-${studyName}-current-texts.csv`);
  const header = text.split("\r\n")[0]?.split(",") ?? [];
  expect(header.slice(-3)).toEqual(["framing", "content_filtered", "time_on_task_seconds"]);
  // Two physicians on each m-alpha answer, one on the m-beta answer.
  expect(csvRows(text).map((c) => c[2]).sort()).toEqual(["m-alpha", "m-alpha", "m-alpha", "m-alpha", "m-beta"]);
});

test("with a queue chosen, both links say so and download only that queue's ratings", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results`);
  await page.getByLabel("Queue").selectOption({ label: "Alpha" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`queue=${queues.Alpha}`));
  const exports = page.getByRole("navigation", { name: "Exports" });
  await expect(exports.getByRole("link", { name: "Ratings CSV (queue: Alpha)" })).toBeVisible();
  await expect(exports.getByRole("link", { name: "Ratings NDJSON (queue: Alpha)" })).toBeVisible();

  const csv = await download(page, "Ratings CSV (queue: Alpha)");
  expect(csv.filename).toBe(`ratings-${studyName}-queue-Alpha-current-texts.csv`);
  const rows = csvRows(csv.text);
  expect(rows.map((c) => c[2])).toEqual(["m-alpha", "m-alpha", "m-alpha", "m-alpha"]);
  expect(new Set(rows.map((c) => c[7]))).toEqual(new Set(["Alpha"]));

  const json = await download(page, "Ratings NDJSON (queue: Alpha)");
  expect(json.filename).toBe(`ratings-${studyName}-queue-Alpha-current-texts.ndjson`);
  const lines = json.text.trimEnd().split("\n").map((l) => JSON.parse(l) as { model_id: string; critical_action_results: unknown; time_on_task_seconds: unknown });
  expect(lines).toHaveLength(4);
  for (const line of lines) {
    expect(line.model_id).toBe("m-alpha");
    expect(line.critical_action_results).toEqual(["hit", "partial", "miss"]);
    expect(typeof line.time_on_task_seconds).toBe("number");
  }
});

test("comparing two raters, the export holds the ratings of both on the answers both rated", async ({ page }) => {
  await page.goto(`/studies/${studyId}/results`);
  await page.getByLabel("Compare rater").selectOption({ label: `${E2E_USERS.rater.name} (physician)` });
  await page.getByLabel("with rater").selectOption({ label: `${E2E_USERS.rater2.name} (physician)` });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/raterB=/);
  const csv = await download(page, `Ratings CSV (raters: ${E2E_USERS.rater.name} & ${E2E_USERS.rater2.name})`);
  expect(csv.filename).toBe(`ratings-${studyName}-raters-E2E-Rater-E2E-Second-Rater-current-texts.csv`);
  // The m-beta answer only the first rater rated is left out.
  const rows = csvRows(csv.text);
  expect(rows.map((c) => c[2])).toEqual(["m-alpha", "m-alpha", "m-alpha", "m-alpha"]);
  expect(new Set(rows.map((c) => c[5]))).toEqual(new Set([E2E_USERS.rater.name, E2E_USERS.rater2.name]));
});
