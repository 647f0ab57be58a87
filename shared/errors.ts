/** Error codes of the public contract; the client translates by code (shared/i18n). */
export const ERROR_STATUS = {
  INVALID_BODY: 400,
  INVALID_X: 400,
  INVALID_EXPRESSION: 400,
  INVALID_DOMAIN: 400,
  BAD_LOGIN: 401,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  LEVEL_NOT_OPEN: 409,
  GUESS_PENDING: 409,
  BUDGET_EXHAUSTED: 409,
  INVALID_TRANSITION: 409,
  DUPLICATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  STORAGE_ERROR: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error that carries a contract code; thrown by services, rendered by the HTTP error handler. */
export class GameError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_STATUS;
}
