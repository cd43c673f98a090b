import { lockRoute } from "@/features/snapshots/api";

export const POST = lockRoute;
