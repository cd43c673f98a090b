import { snapshotFileRoute } from "@/features/snapshots/api";

export const GET = snapshotFileRoute;
