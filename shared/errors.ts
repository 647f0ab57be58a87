/** Error codes of the public contract; the client translates by code (shared/i18n). */
export const ERROR_STATUS = {
  INVALID_BODY: 400,
  INVALID_X: 400,
  INVALID_EXPRESSION: 400,
  INVALID_DOMAIN: 400,
  BAD_LOGIN: 401,
  TEAM_CODE_REQUIRED: 401,
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

/**
 * What a page needs to say an error in its own language: `reason` names the case within the code (UPPER_SNAKE,
 * e.g. INVALID_EXPRESSION / UNKNOWN_VARIABLE) and `params` fills the translated sentence. `message` is English,
 * for scripts and logs.
 */
export interface ErrorDetail {
  reason?: string;
  params?: Record<string, string | number>;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & ErrorDetail;
}

/** An error that carries a contract code; thrown by services, rendered by the one error mapper of every door. */
export class GameError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: ErrorDetail;
  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.detail = detail;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_STATUS;
}
