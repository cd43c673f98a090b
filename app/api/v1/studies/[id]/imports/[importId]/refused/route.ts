import { refusedRecordsRoute } from "@/features/import/api";

export const GET = refusedRecordsRoute();
