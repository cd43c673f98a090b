import { ZodError } from "zod";
import { isDatabaseUnreachable } from "@/lib/db/unreachable";
import { AppError, DatabaseUnavailableError, ERROR_STATUS, RETRY_AFTER_SECONDS, type ErrorCode, type ErrorDetail } from "@/lib/errors";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/**
 * Zod issues as the details of docs/design.md §6: the field is the dotted
 * path. Unknown keys (a strict object) are one detail each, naming the key.
 */
export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join("."), message: `${key} is not a known field or parameter here.` }))
      : [{ ...(issue.path.length > 0 ? { field: issue.path.join(".") } : {}), message: issue.message }],
  );
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Retry-After on a 503, so clients know when to try again. */
  headers: Record<string, string>;
}

/**
 * Maps anything thrown by a handler to its status and the API's error shape
 * `{ error: { code, message, details } }`. A database that cannot be reached
 * is a 503 with Retry-After. Unknown errors become a generic 500 whose detail
 * goes only to the server log.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  // Queries through lib/db/prisma.ts throw DatabaseUnavailableError already; a
  // transaction that cannot even begin throws Prisma's own error.
  const outage = error instanceof DatabaseUnavailableError ? error : isDatabaseUnreachable(error) ? new DatabaseUnavailableError(error) : null;
  if (outage) {
    console.error("The database cannot be reached:", describeCause(outage.cause));
    return errorResponse(outage.code, outage.message);
  }
  if (error instanceof AppError) return errorResponse(error.code, error.message, error.details);
  if (error instanceof ZodError) return errorResponse("invalid", "The request is not valid.", zodDetails(error));
  if (isPrismaNotFound(error)) return errorResponse("not_found", "Not found.");
  if (isTransactionTimeout(error)) {
    console.error("A transaction waited too long (another long write held its rows):", describeCause(error));
    return errorResponse("database_unavailable", "The database is busy with a long write to the same data; try again shortly.");
  }
  console.error("Unhandled error in a request handler:", error);
  return errorResponse("internal", "Something went wrong on our side; it has been logged.");
}

function errorResponse(code: ErrorCode, message: string, details: ErrorDetail[] = []): ErrorResponse {
  const headers: Record<string, string> = code === "database_unavailable" ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {};
  return { status: ERROR_STATUS[code], body: { error: { code, message, details } }, headers };
}

/** One line for the log: an outage fails every request, a stack trace each would drown it. */
function describeCause(cause: unknown): string {
  const last = (cause instanceof Error ? cause.message : String(cause)).trim().split("\n").at(-1);
  return last ?? "";
}

function isPrismaError(error: unknown, code: string): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "PrismaClientKnownRequestError" &&
    (error as { code?: unknown }).code === code
  );
}

const isPrismaNotFound = (error: unknown) => isPrismaError(error, "P2025");

/**
 * A transaction that could not start, or ran past its time, while it waited
 * for rows another transaction held (a study being locked and snapshotted, a
 * large import): a temporary state, so a 503 with Retry-After, not a 500.
 */
const isTransactionTimeout = (error: unknown) => isPrismaError(error, "P2028");
