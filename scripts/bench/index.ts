// npm run bench [-- --rows N] — the benchmarks of DESIGN §9, each beside its
// baseline measured in the same run. Record results in docs/benchmarks.md.
import { parseArgs } from "node:util";
import { openBenchEnvironment } from "./harness";
import { benchImport } from "./import";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" } } });

const env = await openBenchEnvironment();
try {
  await benchImport(env, Number(values.rows));
} finally {
  await env.close();
}
