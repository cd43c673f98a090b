import { z } from "zod";

/**
 * The path parameters of an API route that names one row by its id. Every id
 * is a UUID: anything else names nothing, and the route wrapper answers 404
 * before the handler runs.
 */
export const idParams = z.object({ id: z.uuid() });
