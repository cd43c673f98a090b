import "server-only";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { lockStudy, unlockStudy } from "./lock";
import { lockBodySchema, snapshotFileParams } from "./schemas";
import { listSnapshots, snapshotFile } from "./service";

/** POST /api/v1/studies/{id}/lock { reason }: locks the study and freezes its analysis snapshot. */
export const lockRoute = apiRoute({ roles: ["admin"], params: idParams, body: lockBodySchema }, ({ params, body, user }) =>
  lockStudy(params.id, user, body.reason),
);

/** POST /api/v1/studies/{id}/unlock { reason }: opens the study again; its snapshots stay. */
export const unlockRoute = apiRoute({ roles: ["admin"], params: idParams, body: lockBodySchema }, ({ params, body, user }) =>
  unlockStudy(params.id, user, body.reason),
);

/** GET /api/v1/studies/{id}/snapshots: the frozen snapshots, newest first. */
export const listSnapshotsRoute = apiRoute({ roles: ["researcher", "admin"], params: idParams }, async ({ params }) => ({
  snapshots: await listSnapshots(params.id),
}));

/** GET /api/v1/studies/{id}/snapshots/{snapshotId}/{file}: the stored bytes, exactly, with their sha256. */
export const snapshotFileRoute = apiRoute({ roles: ["researcher", "admin"], params: snapshotFileParams }, async ({ params }) => {
  const file = await snapshotFile(params.id, params.snapshotId, params.file);
  return new Response(file.bytes, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      etag: `"${file.sha256}"`,
      "x-content-sha256": file.sha256,
      // A snapshot never changes.
      "cache-control": "private, max-age=31536000, immutable",
    },
  });
});
