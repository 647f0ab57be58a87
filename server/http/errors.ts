import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { GameError, type ErrorCode } from '../../shared/errors.ts';
import { isStorageError } from '../store/errors.ts';

/** Sends the contract's error body. */
export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/** One error handler for every route: contract codes, never a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, request, reply) => {
    if (err instanceof GameError) return sendError(reply, err.status, err.code, err.message);
    if (err.validation) {
      const first = err.validation[0];
      const onX = err.validationContext === 'body' && typeof first?.instancePath === 'string' && first.instancePath.startsWith('/x') && request.routeOptions.url === '/api/guesses';
      return sendError(reply, 400, onX ? 'INVALID_X' : 'INVALID_BODY', `${err.validationContext ?? 'request'}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`);
    }
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'The body is larger than 1 MB');
    if (err.statusCode === 415 || err.code?.startsWith('FST_ERR_CTP')) return sendError(reply, 400, 'INVALID_BODY', 'The body must be JSON (content-type: application/json)');
    const prismaCode = (err as { code?: string }).code;
    if (prismaCode === 'P2002') return sendError(reply, 409, 'DUPLICATE', 'That already exists');
    if (prismaCode === 'P2025') return sendError(reply, 404, 'NOT_FOUND', 'Not found');
    if (isStorageError(err)) {
      request.log.error({ err }, 'storage error');
      return sendError(reply, 503, 'STORAGE_ERROR', 'The server cannot write its database (read-only or full disk?)');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      if (err.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED', err.message);
      return sendError(reply, 400, 'INVALID_BODY', err.message);
    }
    request.log.error({ err }, 'unexpected error');
    return sendError(reply, 500, 'INTERNAL', 'Internal error');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}

/** The token of an `Authorization: Bearer …` header. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

export type { ErrorCode };
