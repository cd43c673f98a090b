import { unlockRoute } from "@/features/snapshots/api";

export const POST = unlockRoute;
