import { ZodError } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode, type ErrorDetail } from "@/lib/errors";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/** Zod issues as the details of docs/design.md §6: the field is the dotted path. */
export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    ...(issue.path.length > 0 ? { field: issue.path.join(".") } : {}),
    message: issue.message,
  }));
}

/**
 * Maps anything thrown by a handler to its status and the API's error shape
 * `{ error: { code, message, details } }`. Unknown errors become a generic
 * 500 whose detail goes only to the server log.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return errorResponse(error.code, error.message, error.details);
  if (error instanceof ZodError) return errorResponse("invalid", "The request is not valid.", zodDetails(error));
  if (isPrismaNotFound(error)) return errorResponse("not_found", "Not found.");
  console.error("Unhandled error in a request handler:", error);
  return errorResponse("internal", "Something went wrong on our side; it has been logged.");
}

function errorResponse(code: ErrorCode, message: string, details: ErrorDetail[] = []): { status: number; body: ErrorBody } {
  return { status: ERROR_STATUS[code], body: { error: { code, message, details } } };
}

function isPrismaNotFound(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "PrismaClientKnownRequestError" &&
    (error as { code?: unknown }).code === "P2025"
  );
}
