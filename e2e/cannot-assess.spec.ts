// A physician records "cannot assess" from the keyboard (with a reason, the
// time the tab was hidden sent along) and gets the next answer; the
// researcher sees the abstention on the Quality page and the physician's
// statement; both pages pass axe.
import { expect, test } from "@playwright/test";
import { answer, ndjson, scenario } from "../tests/fixtures/study";
import { seriousViolations } from "./support/axe";
import { rateByKeyboard } from "./support/keyboard";
import { adminStudy } from "./support/study";
import { E2E_USERS, pageAs } from "./support/users";

let studyId = "";
let queueId = "";

test.beforeAll(async ({ playwright }, testInfo) => {
  const { studyId: id, post, dispose } = await adminStudy(playwright, testInfo.project.use.baseURL, `Cannot assess e2e ${Date.now()}`);
  studyId = id;
  await post("scenarios", JSON.stringify(scenario("CA-1", { prompt: "A rash after a new antibiotic." })));
  await post("responses", ndjson([answer("CA-1", "model-ca-a", 1, { response: "Answer one." }), answer("CA-1", "model-ca-b", 1, { response: "Answer two." })]));
  queueId = (await post("queues", { name: "Cannot assess queue", raters: [E2E_USERS.rater.email, E2E_USERS.rater2.email] })).id;
  await dispose();
});

test("a physician records cannot-assess by keyboard and gets the next answer; the researcher sees the abstention", async ({ browser }) => {
  const rater = await pageAs(browser, "rater");
  await rater.goto(`/queues/${queueId}`);
  const first = (await rater.getByTestId("blind-code").textContent()) ?? "";
  expect(first).not.toBe("");

  // The tab is hidden for a while: the browser counts it and sends it with the abstention.
  await rater.evaluate(async () => {
    const show = (state: string) => {
      Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    };
    show("hidden");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    show("visible");
  });

  // `?` lists the key.
  await rater.keyboard.press("?");
  await expect(rater.getByTestId("shortcuts-help")).toContainText("cannot assess this answer");
  await rater.keyboard.press("Escape");

  await rater.keyboard.press("a");
  const dialog = rater.getByRole("dialog", { name: `Cannot assess answer ${first}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: /Missing context/ })).toBeFocused();
  expect(await seriousViolations(rater)).toEqual([]);
  await rater.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: /Outside my expertise/ })).toBeChecked();
  const sent = rater.waitForRequest((request) => request.url().endsWith("/rating") && request.method() === "POST");
  await rater.keyboard.press("Enter");
  const body = (await sent).postDataJSON() as { cannot_assess: { reason: string }; hidden_seconds: number };
  expect(body.cannot_assess).toEqual({ reason: "outside_expertise" });
  expect(body.hidden_seconds).toBeGreaterThanOrEqual(1);

  await expect(rater.getByTestId("last-outcome")).toHaveText(`Recorded: you cannot assess ${first}.`);
  await expect(dialog).toBeHidden();
  const second = rater.getByTestId("blind-code");
  await expect(second).not.toHaveText(first);
  await rateByKeyboard(rater, { oh: 1, ch: 0, reasoning: "Rated after the abstention." });
  await expect(rater.getByTestId("queue-done")).toBeVisible();
  // The physician's own statement, from My queues: their counts in this study.
  await rater.goto("/queues");
  await rater.getByRole("link", { name: /My statement/ }).click();
  const mine = rater.getByRole("table", { name: "My statement per study" }).getByRole("row", { name: /Cannot assess e2e/ });
  await expect(mine.getByRole("cell")).toHaveText([/^Cannot assess e2e/, /^\d{4}-\d{2}-\d{2}$/, /^\d{4}-\d{2}-\d{2}$/, "1", "1", /^\d+\.\d\d$/]);
  expect(await seriousViolations(rater)).toEqual([]);
  await rater.context().close();

  const researcher = await pageAs(browser, "researcher");
  await researcher.goto(`/studies/${studyId}/results`);
  // Time on task on Results: E2E Rater's rating and cannot-assess, with their active minutes.
  await expect(researcher.getByRole("table", { name: "Time on task per physician" }).getByRole("row", { name: new RegExp(E2E_USERS.rater.name) }).getByRole("cell")).toHaveText([
    E2E_USERS.rater.name, "1", "1", /^\d+\.\d$/, /^\d+\.\d$/,
  ]);
  await researcher.getByRole("link", { name: "Quality" }).click();
  await expect(researcher.getByRole("heading", { name: "Rater quality" })).toBeVisible();
  const perPhysician = researcher.getByRole("table", { name: "Abstention per physician" });
  // E2E Rater: 1 rating, 1 cannot assess: 50 %.
  await expect(perPhysician.getByRole("row", { name: new RegExp(E2E_USERS.rater.name) }).getByRole("cell")).toHaveText([E2E_USERS.rater.name, "1", "1", "50.0 %"]);
  await expect(researcher.getByRole("table", { name: "Abstention per category" })).toContainText("golden_hour");
  expect(await seriousViolations(researcher)).toEqual([]);

  await researcher.getByRole("link", { name: /statements/ }).click();
  const statements = researcher.getByRole("table", { name: "Statements per physician" });
  await expect(statements.getByRole("row", { name: new RegExp(E2E_USERS.rater.email) }).getByRole("cell")).toHaveText([
    E2E_USERS.rater.name, E2E_USERS.rater.email, /^\d{4}-\d{2}-\d{2}$/, /^\d{4}-\d{2}-\d{2}$/, "1", "1", /^\d+\.\d\d$/,
  ]);
  expect(await seriousViolations(researcher)).toEqual([]);
  // Printed, the statement carries no header or navigation.
  await researcher.emulateMedia({ media: "print" });
  await expect(researcher.getByRole("navigation", { name: "Study" })).toBeHidden();
  await expect(statements).toBeVisible();
  await researcher.context().close();
});
