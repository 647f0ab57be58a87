/**
 * The one error mapper of every door (HTTP, Socket.IO, the plain WebSocket): any error becomes a code of the public
 * contract. Storage failures are 503 STORAGE_ERROR, never 500; only an unexpected error is INTERNAL, and logged.
 */
import { GameError, type ErrorCode, type ErrorDetail } from '../shared/errors.ts';
import { isStorageError } from './store/errors.ts';

export interface ContractError extends ErrorDetail {
  status: number;
  code: ErrorCode;
  message: string;
  /** Not a rule of the game: the door logs it (with its context). */
  unexpected: boolean;
}

export const STORAGE_MESSAGE = 'The server cannot read or write its database (locked, read-only or full disk?); try again shortly';

export function contractError(err: unknown): ContractError {
  if (err instanceof GameError) return { status: err.status, code: err.code, message: err.message, ...err.detail, unexpected: false };
  if (isStorageError(err)) return { status: 503, code: 'STORAGE_ERROR', message: STORAGE_MESSAGE, unexpected: true };
  const prismaCode = (err as { code?: unknown } | null)?.code;
  if (prismaCode === 'P2002') return { status: 409, code: 'DUPLICATE', message: 'That already exists', unexpected: false };
  if (prismaCode === 'P2025') return { status: 404, code: 'NOT_FOUND', message: 'Not found', unexpected: false };
  return { status: 500, code: 'INTERNAL', message: 'Internal error', unexpected: true };
}

/** The contract's error body. */
export function errorBody(e: ContractError): { error: { code: ErrorCode; message: string } & ErrorDetail } {
  return { error: { code: e.code, message: e.message, ...(e.reason ? { reason: e.reason } : {}), ...(e.params ? { params: e.params } : {}) } };
}
