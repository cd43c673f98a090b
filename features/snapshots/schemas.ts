import { z } from "zod";

/** The most a lock or unlock reason may hold: a sentence or two, not a document. */
export const REASON_MAX = 500;

/** Why a study is locked or unlocked: required, trimmed, bounded (NUL is refused by the route and action wrappers). */
export const reasonSchema = z
  .string({ error: "Give a reason." })
  .trim()
  .min(1, "Give a reason.")
  .max(REASON_MAX, `The reason must be at most ${REASON_MAX} characters.`);

/** The body of POST …/lock and …/unlock; any other field is refused by name. */
export const lockBodySchema = z.strictObject({ reason: reasonSchema });

/** The files of a snapshot, in the order they are listed, with the type each is served as. */
export const SNAPSHOT_FILES = {
  "ratings.csv": "text/csv; charset=utf-8",
  "results.json": "application/json",
  "analysis.json": "application/json",
  "analysis.md": "text/markdown; charset=utf-8",
} as const;
export type SnapshotFileName = keyof typeof SNAPSHOT_FILES;
export const SNAPSHOT_FILE_NAMES = Object.keys(SNAPSHOT_FILES) as SnapshotFileName[];

/** The path of GET …/snapshots/{snapshotId}/{file}; anything else names nothing (404). */
export const snapshotFileParams = z.object({
  id: z.uuid(),
  snapshotId: z.uuid(),
  file: z.enum(SNAPSHOT_FILE_NAMES as [SnapshotFileName, ...SnapshotFileName[]]),
});
