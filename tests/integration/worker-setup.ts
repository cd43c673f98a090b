import { inject } from "vitest";

// Before any module reads it: the data-access layer connects to the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
