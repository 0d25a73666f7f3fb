/**
 * The one closed error vocabulary. Everything a caller can be told goes through AppError; the
 * HTTP status and the Bayeux error string of each code are mapped here and nowhere else.
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "too_many_requests"
  | "internal"
  | "unavailable";

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  /** Something the connector depends on (an identity provider's keys) cannot be reached now. */
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields of the error body, e.g. the actions allowed now beside a 409. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export function toErrorBody(error: AppError): { error: { code: ErrorCode; message: string } & Record<string, unknown> } {
  return { error: { ...error.details, code: error.code, message: error.message } };
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
export const conflict = (message: string) => new AppError("conflict", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
