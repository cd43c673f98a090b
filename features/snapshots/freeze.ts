import "server-only";
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/prisma";
import { analysisReport } from "@/features/analysis/report";
import { analysisQuerySchema, studyAnalysis } from "@/features/analysis/service";
import { exportRatings } from "@/features/exports/ratings";
import { studyResults } from "@/features/results/results";
import { SNAPSHOT_FILES, type SnapshotFileName } from "./schemas";

export interface FrozenFile {
  name: SnapshotFileName;
  contentType: string;
  sha256: string;
  size: number;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface FrozenAnalysis {
  files: FrozenFile[];
  /** sha256 of ratings.csv: the data every figure was computed from. */
  dataSha256: string;
  ratingCount: number;
  ratingsChangedAt: Date | null;
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

const utf8 = (text: string) => new TextEncoder().encode(text);

function file(name: SnapshotFileName, bytes: Uint8Array<ArrayBuffer>): FrozenFile {
  return { name, contentType: SNAPSHOT_FILES[name], sha256: sha256(bytes), size: bytes.byteLength, bytes };
}

/** How many ratings the study has and when the latest changed: what a later look compares with a snapshot. */
export async function ratingsState(studyId: string): Promise<{ ratingCount: number; ratingsChangedAt: Date | null }> {
  const [row] = await prisma.$queryRaw<{ count: number; changed: Date | null }[]>`
    SELECT count(*)::int AS count, max(g.updated_at) AS changed
    FROM ratings g JOIN responses r ON r.id = g.response_id WHERE r.study_id = ${studyId}::uuid`;
  return { ratingCount: row?.count ?? 0, ratingsChangedAt: row?.changed ?? null };
}

/**
 * The study's analysis as the API serves it now, byte for byte: the ratings
 * export (CSV), the results and the analysis (physicians, no filter) as JSON,
 * and the analysis report (Markdown) dated `at`. The caller holds the study
 * row FOR UPDATE, which no write to the study can pass (lib/study-lock.ts),
 * so these reads, on other connections, all see the same committed data.
 */
export async function freezeAnalysis(studyId: string, studyName: string, at: Date): Promise<FrozenAnalysis> {
  const { stream } = await exportRatings(studyId, "csv");
  const csv = new Uint8Array(await new Response(stream).arrayBuffer());
  const [results, analysis, state] = await Promise.all([
    studyResults(studyId),
    studyAnalysis(studyId, analysisQuerySchema.parse({})),
    ratingsState(studyId),
  ]);
  const files = [
    file("ratings.csv", csv),
    // What the results and analysis routes send (jsonResponse) for the same payload.
    file("results.json", utf8(JSON.stringify(results))),
    file("analysis.json", utf8(JSON.stringify(analysis))),
    file("analysis.md", utf8(analysisReport(studyName, analysis, at))),
  ];
  return { files, dataSha256: sha256(csv), ...state };
}
