import { ZodError } from "zod";
import { AppError, type ErrorDetail } from "@/lib/errors";

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

/** Zod issues as the details of DESIGN §6: the field is the dotted path. */
export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    ...(issue.path.length > 0 ? { field: issue.path.join(".") } : {}),
    message: issue.message,
  }));
}

/**
 * Maps anything thrown by a handler to a status and the error shape of
 * DESIGN §6. Unknown errors become a generic 500 whose detail goes only to
 * the server log.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, details: error.details } } };
  }
  if (error instanceof ZodError) {
    return {
      status: 422,
      body: { error: { code: "invalid", message: "The request is not valid.", details: zodDetails(error) } },
    };
  }
  if (isPrismaNotFound(error)) {
    return { status: 404, body: { error: { code: "not_found", message: "Not found.", details: [] } } };
  }
  console.error("Unhandled error in a request handler:", error);
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on our side; it has been logged.", details: [] } },
  };
}

function isPrismaNotFound(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "PrismaClientKnownRequestError" &&
    (error as { code?: unknown }).code === "P2025"
  );
}
