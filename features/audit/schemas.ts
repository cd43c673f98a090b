import { z } from "zod";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A time must say its zone (Z or ±hh:mm): the server's own zone is no one's business.
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A bound of the date range: a day (`2026-12-06`, UTC) or a time with its
 * zone. `from` starts at it; `to` includes it (its whole day, for a day), so
 * it becomes the first instant after.
 */
const bound = (which: "from" | "to") =>
  z
    .string()
    .trim()
    .refine((text) => (DATE.test(text) || TIME.test(text)) && !Number.isNaN(Date.parse(text)), {
      message: `${which} must be a date (YYYY-MM-DD) or a time with its zone (2026-12-06T14:30:00Z).`,
    })
    .transform((text) => {
      const at = Date.parse(text);
      return new Date(which === "from" ? at : at + (DATE.test(text) ? DAY_MS : 1));
    });

const filterFields = {
  action: z.string().trim().min(1).max(100, "action must be at most 100 characters.").optional(),
  actor: z.string().trim().toLowerCase().min(1).max(320, "actor must be at most 320 characters.").optional(),
  study: z.uuid({ error: "study must be a study's id." }).optional(),
  from: bound("from").optional(),
  to: bound("to").optional(),
};

const rangeInOrder = (filters: { from?: Date | undefined; to?: Date | undefined }) => !(filters.from && filters.to && filters.from >= filters.to);
const RANGE = { message: "to must come after from.", path: ["to"] };

/** Which entries: by action, actor (email), study (id) and a range of dates; all optional. */
export type AuditFilters = z.output<z.ZodObject<typeof filterFields>>;

/** GET /api/v1/audit: the filters and the format; any other parameter is a 422 naming it. */
export const auditExportQuery = z
  .strictObject({ ...filterFields, format: z.enum(["csv", "ndjson"], { error: "format must be csv or ndjson." }).default("csv") })
  .refine(rangeInOrder, RANGE);

/** The audit page's address: the filters and a page number. */
export const auditPageQuery = z
  .object({ ...filterFields, page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1) })
  .refine(rangeInOrder, RANGE);
