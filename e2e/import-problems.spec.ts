// The Import page's problems, readable at any number: identical problems grouped with their
// count and first lines, the list capped with every problem downloadable; a file of the wrong
// kind refused with one message; the page's own controls named; one history line per import.
import { createHash } from "node:crypto";
import { expect, test, type Download } from "@playwright/test";
import { answer, ndjson, scenario, score } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { adminStudy } from "./support/study";
import { storageStatePath } from "./support/users";

test.use({ storageState: storageStatePath("admin") });

const file = (name: string, text: string, mimeType = "application/x-ndjson") => ({ name, mimeType, buffer: Buffer.from(text) });
const downloaded = async (download: Download) => Buffer.concat((await (await download.createReadStream()).toArray()) as Buffer[]).toString("utf8");

test("identical problems are grouped with their count and first lines, the list capped and every problem downloadable", async ({ page, playwright, baseURL }) => {
  const { studyId, post, dispose } = await adminStudy(playwright, baseURL, `Import problems e2e ${Date.now()}`);
  await post("scenarios", [scenario("S1")]);
  await dispose();
  // 250 answers to a missing scenario Q9b, 210 to missing scenarios of their own, and valid answers in between.
  const rows = [
    ...Array.from({ length: 300 }, (_, i) => answer(i % 6 === 5 ? "S1" : "Q9b", "m", i)),
    ...Array.from({ length: 210 }, (_, i) => answer(`X${i}`, "m", i)),
  ];
  const missingQ9b = rows.flatMap((row, i) => (row.scenario_id === "Q9b" ? [i + 1] : []));
  const problemCount = rows.filter((row) => row.scenario_id !== "S1").length;

  await page.goto(`/studies/${studyId}/import`);
  await page.getByLabel("What to import").selectOption("responses");
  await page.getByLabel("Files to import").setInputFiles([file("answers.ndjson", ndjson(rows))]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-outcome")).toHaveText(`The upload has ${problemCount} problems; nothing was imported.`, { timeout: 20_000 });

  const groups = page.getByTestId("problem-group");
  await expect(groups.first()).toHaveText(
    `${missingQ9b.length} × There is no scenario Q9b in this study: import the scenarios first. — lines ${missingQ9b.slice(0, 10).join(", ")}, …`,
  );
  // 211 kinds of problem: the first 200 are shown, in the order of their first line.
  await expect(groups).toHaveCount(200);
  await expect(groups.nth(1)).toHaveText(`1 × There is no scenario X0 in this study: import the scenarios first. — line 301`);
  await expect(page.getByTestId("problem-groups-count")).toHaveText(`Showing the first 200 of 211 kinds of problem (${problemCount} problems).`);

  // Each problem on its own row, one click away, the table capped too.
  const table = page.getByRole("table", { name: "Problems" });
  await expect(table).toBeHidden();
  await page.getByText("Each problem on its own row").click();
  await expect(table.getByRole("row")).toHaveCount(201);
  await expect(page.getByText(`Showing 200 of ${problemCount} (the first 200 of the ${problemCount} that match`)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download every problem (CSV)" }).click()]);
  const csv = (await downloaded(download)).trim().split("\r\n");
  expect(csv[0]).toBe("file,line,record,pointer,field,message");
  expect(csv).toHaveLength(problemCount + 1);
  const q9bLines = csv.filter((line) => line.endsWith("There is no scenario Q9b in this study: import the scenarios first.")).map((line) => Number(line.split(",")[1]));
  expect(q9bLines.sort((a, b) => a - b)).toEqual(missingQ9b);
  expect(csv).toContain("answers.ndjson,510,510,,scenario_id,There is no scenario X209 in this study: import the scenarios first.");
});

test("a file of the wrong kind gets one message naming the page's choice, and the history one line with the hash on demand", async ({ page, playwright, baseURL }) => {
  const { studyId, post, dispose } = await adminStudy(playwright, baseURL, `Import wrong kind e2e ${Date.now()}`);
  await post("scenarios", [scenario("S1")]);
  await post("responses", ndjson(Array.from({ length: 1000 }, (_, i) => answer("S1", "m", i))));
  await dispose();
  const scores = ndjson(Array.from({ length: 1000 }, (_, i) => score("S1", "m", i, 1, 0)));

  await page.goto(`/studies/${studyId}/import`);
  await page.getByLabel("What to import").selectOption("responses");
  await page.getByLabel("Files to import").setInputFiles([file("scores.ndjson", scores)]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const outcome = page.getByTestId("import-outcome");
  await expect(outcome).toHaveText(
    "This file looks like machine scores (scenario_id, model_id, rep_id, omission_harm, commission_harm …), not model answers; choose “Machine scores” under “What to import”. Nothing was imported.",
  );
  await expect(page.getByTestId("problem-group")).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Problems" }).getByRole("row")).toHaveCount(2);
  await expect(page.getByText("/api/v1/")).toHaveCount(0);

  // The history: one line for the refused file.
  const history = page.getByRole("table", { name: "Import history" });
  await expect(history.getByRole("row").nth(1)).toContainText("Model answers");
  await expect(history.getByRole("row").nth(1)).toContainText("refused: This file looks like machine scores");
  await expect(history.getByRole("row").nth(1).getByTestId("history-files")).toHaveText("scores.ndjson");
  expect(await seriousViolations(page)).toEqual([]);

  // The same file as what it is passes; its history line shows its hash on demand.
  await page.getByLabel("What to import").selectOption("scores");
  await page.getByLabel("Rater name").fill("judge");
  await page.getByRole("button", { name: "Check only" }).click();
  await expect(outcome).toContainText("Check passed", { timeout: 20_000 });
  const entry = history.getByRole("row").nth(1);
  await expect(entry).toContainText("check only");
  await expect(entry).toContainText("Machine scores as judge");
  const sha256 = createHash("sha256").update(scores).digest("hex");
  await expect(entry.getByText(sha256)).toBeHidden();
  await entry.getByTestId("history-files").click();
  await expect(entry.getByText(`scores.ndjson: ${sha256}`)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("a conflict names the Replace checkbox, which then replaces", async ({ page, playwright, baseURL }) => {
  const { studyId, post, dispose } = await adminStudy(playwright, baseURL, `Import wording e2e ${Date.now()}`);
  await post("scenarios", [scenario("W1"), scenario("W2")]);
  await dispose();
  await page.goto(`/studies/${studyId}/import`);
  await page.getByLabel("Files to import").setInputFiles([file("w.json", JSON.stringify([scenario("W1", { prompt: "Changed." }), scenario("W2", { prompt: "Changed too." })]), "application/json")]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const outcome = page.getByTestId("import-outcome");
  await expect(outcome).toHaveText(/; nothing was imported\. Tick “(.+)” to replace the stored versions\.$/);
  await expect(page.getByTestId("problem-group")).toHaveText(["2 × Scenario … differs from the stored one; tick “Replace stored rows that differ” to replace it. — records 1, 2 (line 1)"]);
  await expect(page.getByText(/replace=/)).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  // The control the message names is on the page, and does what the message says.
  const label = /Tick “(.+)”/.exec((await outcome.textContent()) ?? "")?.[1] ?? "";
  await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(outcome).toHaveText("Imported: 0 created, 0 unchanged, 2 replaced.");
});
