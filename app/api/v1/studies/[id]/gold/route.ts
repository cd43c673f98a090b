import { importRoute } from "@/features/import/api";

export const POST = importRoute("gold");
