// Errors that carry their HTTP meaning. Anything else that escapes a handler
// is a bug: it becomes a generic 500 with the detail only in the server log.

export interface ErrorDetail {
  /** The file, when a request carries several. */
  file?: string;
  line?: number;
  /** The record's 1-based number in its file (an upload can hold several records on one line). */
  record?: number;
  /** Inside a JSON array, the record's JSON pointer (`/17`). */
  pointer?: string;
  field?: string;
  message: string;
}

/** Every error code the app answers with, and its HTTP status: one table, no free strings. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  lease_lost: 409,
  already_rated: 409,
  /** A skip can be undone only until the rater's next rating. */
  undo_expired: 409,
  study_locked: 409,
  /** An import would replace answers that have ratings, and replace=rated was not sent. */
  answers_rated: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  too_many_requests: 429,
  internal: 500,
  database_unavailable: 503,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const unauthorized = (message = "Sign in or send a valid API token.") => new AppError("unauthorized", message);
export const forbidden = (message = "Your role does not allow this.") => new AppError("forbidden", message);
export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError("conflict", message, details);
export const invalid = (message: string, details: ErrorDetail[] = []) => new AppError("invalid", message, details);

/** Seconds a client is told (Retry-After) to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The `digest` of a database outage. In production a page's error boundary
 * receives only the digest of a server error, never its message: this one
 * lets app/error.tsx say what happened instead of a generic failure.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "TANDEM_DATABASE_UNAVAILABLE";
export const DATABASE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; try again in a few seconds.";

/** PostgreSQL is stopped, restarting or out of reach: a 503, never a generic 500. */
export class DatabaseUnavailableError extends AppError {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;

  constructor(cause: unknown) {
    super("database_unavailable", DATABASE_UNAVAILABLE_MESSAGE);
    this.cause = cause;
  }
}
