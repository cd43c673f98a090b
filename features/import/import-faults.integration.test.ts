// docs/design.md §9 faults: a request cut off mid-stream, or a server killed
// mid-import, leaves no partial import.
import http from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { freePort } from "@/scripts/db/embedded-postgres";
import { createStudy } from "@/features/studies/service";
import { exited, startAppServer, waitForHttp } from "@/scripts/lib/next-server";
import { answer, ndjson, scenario } from "@/tests/fixtures/study";
import { baseUrl, unique, userWithToken } from "@/tests/integration/helpers";

let admin: Awaited<ReturnType<typeof userWithToken>>;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  admin = await userWithToken("admin");
  await db.connect();
});
afterAll(() => db.end());

async function studyWithScenario() {
  const study = await createStudy({ name: unique("Fault study") }, admin.user.id);
  const response = await fetch(`${baseUrl()}/api/v1/studies/${study.id}/scenarios`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
    body: JSON.stringify(scenario("S1")),
  });
  expect(response.status).toBe(200);
  return study;
}

/** Starts a streamed NDJSON upload whose body is written by the caller. */
function openUpload(url: string, studyId: string) {
  const request = http.request(`${url}/api/v1/studies/${studyId}/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson", "transfer-encoding": "chunked" },
  });
  request.on("error", () => undefined);
  const answered = new Promise<number | null>((resolve) => {
    request.on("response", (res) => resolve(res.statusCode ?? null));
    request.on("close", () => resolve(null));
  });
  return { request, answered };
}

/** True while some transaction holds the study row, i.e. an import of it is under way. */
async function importInProgress(studyId: string): Promise<boolean> {
  try {
    await db.query("BEGIN");
    await db.query("SELECT 1 FROM studies WHERE id = $1 FOR UPDATE NOWAIT", [studyId]);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") return true;
    throw error;
  } finally {
    await db.query("ROLLBACK");
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const written = async (studyId: string) => ({
  responses: await prisma.response.count({ where: { studyId } }),
  succeeded: await prisma.importBatch.count({ where: { studyId, kind: "responses", status: "succeeded" } }),
});

describe("import faults", () => {
  it("a request cut off mid-stream writes nothing, and the study takes the next import", async () => {
    const study = await studyWithScenario();
    const upload = openUpload(baseUrl(), study.id);
    upload.request.write(ndjson(Array.from({ length: 300 }, (_, i) => answer("S1", "cut", i))));
    await until(() => importInProgress(study.id));
    upload.request.destroy();
    await until(async () => !(await importInProgress(study.id)));
    expect(await written(study.id)).toEqual({ responses: 0, succeeded: 0 });

    const retry = await fetch(`${baseUrl()}/api/v1/studies/${study.id}/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/x-ndjson" },
      body: ndjson([answer("S1", "cut", 0)]),
    });
    expect(retry.status).toBe(200);
    expect(await written(study.id)).toEqual({ responses: 1, succeeded: 1 });
  });

  it("a server killed mid-import leaves no partial import", async () => {
    const study = await studyWithScenario();
    const { server, baseUrl: url } = startAppServer(await freePort(), process.env.DATABASE_URL ?? "");
    try {
      await waitForHttp(`${url}/sign-in`);
      const upload = openUpload(url, study.id);
      for (let batch = 0; batch < 5; batch++) {
        upload.request.write(ndjson(Array.from({ length: 500 }, (_, i) => answer("S1", "killed", batch * 500 + i))));
      }
      await until(() => importInProgress(study.id));
      server.kill("SIGKILL");
      await exited(server);
      expect(await upload.answered).toBeNull();
      await until(async () => !(await importInProgress(study.id)));
      expect(await written(study.id)).toEqual({ responses: 0, succeeded: 0 });
    } finally {
      server.kill("SIGKILL");
    }
  });
});
