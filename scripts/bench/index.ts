// npm run bench [-- --rows N] [--queue-answers N] [--queue-seconds S] [--queue-runs paced,saturated,double-click,scale] [--claim-sizes N,N] [--claim-rounds N] [--agreement-answers N] [--analysis-answers N,N] [--analysis-runs N] [--polling-answers N] [--polling-seconds S] [--request-sequential N] [--request-clients N] [--request-per-client N] [--request-profile] [--request-before DIR] [--only import|queue|agreement|analysis|polling|request] — the benchmarks of docs/design.md §9, each beside its
// baseline measured in the same run. Record results in docs/benchmarks.md.
import { parseArgs } from "node:util";
import { benchAgreement } from "./agreement";
import { benchAnalysis } from "./analysis";
import { openBenchEnvironment } from "./harness";
import { benchImport } from "./import";
import { benchPolling } from "./polling";
import { benchClaimScale, benchQueue } from "./queue";
import { benchRequests } from "./request";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    "queue-answers": { type: "string", default: "500" },
    "queue-seconds": { type: "string", default: "90" },
    "queue-runs": { type: "string", default: "paced,saturated,double-click,scale" },
    "claim-sizes": { type: "string", default: "1000,100000" },
    "claim-rounds": { type: "string", default: "30" },
    "agreement-answers": { type: "string", default: "1000000" },
    "analysis-answers": { type: "string", default: "12000,120000" },
    "analysis-runs": { type: "string", default: "3" },
    "polling-answers": { type: "string", default: "100000" },
    "polling-seconds": { type: "string", default: "30" },
    "request-sequential": { type: "string", default: "500" },
    "request-clients": { type: "string", default: "20" },
    "request-per-client": { type: "string", default: "50" },
    "request-profile": { type: "boolean", default: false },
    "request-before": { type: "string" },
    only: { type: "string" },
  },
});

// The analysis is a pure computation: it needs neither the database nor the app.
if (!values.only || values.only === "analysis") benchAnalysis(values["analysis-answers"].split(",").map(Number), Number(values["analysis-runs"]));
if (values.only === "analysis") process.exit(0);

const env = await openBenchEnvironment();
try {
  if (!values.only || values.only === "import") await benchImport(env, Number(values.rows));
  if (!values.only || values.only === "queue") {
    const [answers, seconds] = [Number(values["queue-answers"]), Number(values["queue-seconds"])];
    const runs = values["queue-runs"].split(",");
    if (runs.includes("paced")) await benchQueue(env, { label: "paced", answers, thinkMs: 1000, claimsAtOnce: 1, seconds });
    if (runs.includes("saturated")) await benchQueue(env, { label: "saturated", answers, thinkMs: 0, claimsAtOnce: 1, seconds });
    if (runs.includes("double-click")) await benchQueue(env, { label: "double-click", answers, thinkMs: 0, claimsAtOnce: 2, seconds });
    if (runs.includes("scale")) await benchClaimScale(env, values["claim-sizes"].split(",").map(Number), Number(values["claim-rounds"]), 0.01);
  }
  if (!values.only || values.only === "request") {
    await benchRequests(env, {
      sequential: Number(values["request-sequential"]),
      clients: Number(values["request-clients"]),
      perClient: Number(values["request-per-client"]),
      profile: values["request-profile"],
      beforeDir: values["request-before"],
    });
  }
  if (!values.only || values.only === "agreement") await benchAgreement(env, Number(values["agreement-answers"]));
  if (!values.only || values.only === "polling") await benchPolling(env, Number(values["polling-answers"]), Number(values["polling-seconds"]));
} catch (error) {
  console.error("Benchmark failed:", error);
  process.exitCode = 1;
} finally {
  await env.close();
}
