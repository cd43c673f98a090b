// bcrypt off the event loop. bcryptjs is plain JavaScript: a cost-12 hash
// keeps a thread busy for a quarter of a second, which on the main thread
// stalls every other request. Hashes and comparisons run instead in a small
// pool of worker threads, started on first use, one job per worker at a time.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

export type BcryptJob = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };

// Evaluated code rather than a file, so bundling the server cannot lose it;
// `require` resolves bcryptjs from the working directory, the project root
// however the app, the command line or the tests run.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

const POOL_SIZE = Math.min(2, availableParallelism());

interface Pending {
  job: BcryptJob;
  resolve: (result: string | boolean) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  current: Pending | null;
}

const workers: PoolWorker[] = [];
const queue: Pending[] = [];

export function runBcrypt(job: { op: "hash"; password: string; cost: number }): Promise<string>;
export function runBcrypt(job: { op: "compare"; password: string; hash: string }): Promise<boolean>;
export function runBcrypt(job: BcryptJob): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    queue.push({ job, resolve, reject });
    dispatch();
  });
}

function dispatch(): void {
  while (queue.length > 0) {
    const idle = workers.find((w) => w.current === null) ?? (workers.length < POOL_SIZE ? startWorker() : null);
    if (!idle) return;
    const next = queue.shift();
    if (!next) return;
    idle.current = next;
    // A busy worker keeps the process alive until its answer arrives; an idle one does not.
    idle.worker.ref();
    idle.worker.postMessage(next.job);
  }
}

function startWorker(): PoolWorker {
  const entry: PoolWorker = { worker: new Worker(WORKER_SOURCE, { eval: true }), current: null };
  entry.worker.unref();
  entry.worker.on("message", (message: { result?: string | boolean; error?: string }) => {
    const done = entry.current;
    entry.current = null;
    entry.worker.unref();
    if (done) {
      if (message.error !== undefined || message.result === undefined) done.reject(new Error(`bcrypt failed: ${message.error ?? "no result"}`));
      else done.resolve(message.result);
    }
    dispatch();
  });
  // A worker that dies takes only its own job with it; the next job starts a fresh one.
  const retire = (error: Error) => {
    const index = workers.indexOf(entry);
    if (index === -1) return;
    workers.splice(index, 1);
    entry.current?.reject(error);
    entry.current = null;
    dispatch();
  };
  entry.worker.on("error", retire);
  entry.worker.on("exit", (code) => retire(new Error(`The bcrypt worker exited with code ${code}.`)));
  workers.push(entry);
  return entry;
}
