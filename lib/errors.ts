// Errors that carry their HTTP meaning. Anything else that escapes a handler
// is a bug: it becomes a generic 500 with the detail only in the server log.

export interface ErrorDetail {
  /** The file, when a request carries several. */
  file?: string;
  line?: number;
  field?: string;
  message: string;
}

/** Every error code the app answers with, and its HTTP status: one table, no free strings. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  lease_lost: 409,
  already_rated: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  internal: 500,
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
