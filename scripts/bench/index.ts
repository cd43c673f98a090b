// npm run bench [-- --rows N] [--queue-answers N] [--only import|queue] — the benchmarks of DESIGN §9, each beside its
// baseline measured in the same run. Record results in docs/benchmarks.md.
import { parseArgs } from "node:util";
import { openBenchEnvironment } from "./harness";
import { benchImport } from "./import";
import { benchQueue } from "./queue";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    "queue-answers": { type: "string", default: "500" },
    only: { type: "string" },
  },
});

const env = await openBenchEnvironment();
try {
  if (!values.only || values.only === "import") await benchImport(env, Number(values.rows));
  if (!values.only || values.only === "queue") {
    await benchQueue(env, Number(values["queue-answers"]), 1000, "paced");
    await benchQueue(env, Number(values["queue-answers"]), 0, "saturated");
  }
} finally {
  await env.close();
}
