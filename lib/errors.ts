// Errors that carry their HTTP meaning. Anything else that escapes a handler
// is a bug: it becomes a generic 500 with the detail only in the server log.

export interface ErrorDetail {
  /** The file, when a request carries several. */
  file?: string;
  line?: number;
  field?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = (message = "Sign in or send a valid API token.") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message = "Your role does not allow this.") => new AppError(403, "forbidden", message);
export const notFound = (what: string) => new AppError(404, "not_found", `${what} was not found.`);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new AppError(409, "conflict", message, details);
export const invalid = (message: string, details: ErrorDetail[] = []) =>
  new AppError(422, "invalid", message, details);
