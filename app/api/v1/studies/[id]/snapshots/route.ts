import { listSnapshotsRoute } from "@/features/snapshots/api";

export const GET = listSnapshotsRoute;
