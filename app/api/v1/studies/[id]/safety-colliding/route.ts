import { importRoute } from "@/features/import/api";

export const POST = importRoute("safety_colliding");
