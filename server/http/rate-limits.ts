/**
 * A team token's fair share over HTTP: its calls to the team routes draw on the same share as its sockets
 * (server/realtime/fair-share.ts). A token may always have one call in flight; calls made while others are still
 * being answered are bounded in number and rate, and refused beyond with 429 RATE_LIMITED and a Retry-After.
 * Failed logins have their own limit (the sign-in counts them per address).
 */
import fp from 'fastify-plugin';
import { useFairShare } from '../realtime/fair-share.ts';
import { bearer, sendError } from './errors.ts';

/** The team calls a token makes (POST /api/login with a token switches level and is limited as a login). */
const TEAM_ROUTES = new Set(['/api/me', '/api/guesses', '/api/guesses/:id']);

export default fp(
  async (app) => {
    const shares = useFairShare(app);
    app.addHook('onRequest', async (request, reply) => {
      if (!TEAM_ROUTES.has(request.routeOptions.url ?? '')) return;
      const token = bearer(request.headers.authorization);
      const now = Date.now();
      const share = token === undefined ? null : shares.token(token, now);
      if (!share) return;
      if (!share.fits(now)) {
        reply.header('retry-after', String(Math.ceil(share.retryMs(now) / 1000)));
        return sendError(reply, 429, 'RATE_LIMITED', 'Too many calls at once with this token: wait for the answers before sending more');
      }
      share.take(now);
      // 'close' comes once the answer is sent, or the client went away: either way the call is no longer in flight.
      reply.raw.once('close', () => share.done());
    });
  },
  { name: 'rate-limits' },
);
