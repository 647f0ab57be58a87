/**
 * Routes of the public contract: team, board and admin calls over HTTP. Lives here: thin adapters that validate with
 * the schemas of shared/ and call the game (server/game); never the store. Errors go through the one mapper
 * (server/errors.ts) shared with the realtime doors.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorCode } from '../../shared/errors.ts';
import { contractError, errorBody } from '../errors.ts';

/** Sends the contract's error body. */
export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/** One error handler for every route: contract codes, never a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, request, reply) => {
    if (err.validation) {
      const first = err.validation[0];
      const onX = err.validationContext === 'body' && typeof first?.instancePath === 'string' && first.instancePath.startsWith('/x') && request.routeOptions.url === '/api/guesses';
      return sendError(reply, 400, onX ? 'INVALID_X' : 'INVALID_BODY', `${err.validationContext ?? 'request'}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`);
    }
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'The body is larger than 1 MB');
    if (err.statusCode === 415 || err.code?.startsWith('FST_ERR_CTP')) return sendError(reply, 400, 'INVALID_BODY', 'The body must be JSON (content-type: application/json)');
    const mapped = contractError(err);
    if (mapped.code === 'INTERNAL' && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own refusals (a malformed request line, a 429 from a plugin).
      if (err.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED', err.message);
      return sendError(reply, 400, 'INVALID_BODY', err.message);
    }
    if (mapped.unexpected) request.log.error({ err }, mapped.code === 'STORAGE_ERROR' ? 'storage error' : 'unexpected error');
    // A 429 says when to come back: the Retry-After header beside the body's params.retryAfterS.
    if (mapped.code === 'RATE_LIMITED' && mapped.params?.retryAfterS !== undefined) reply.header('retry-after', String(mapped.params.retryAfterS));
    return reply.code(mapped.status).send(errorBody(mapped));
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}

/** The token of an `Authorization: Bearer …` header. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
