import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, GuessBody, GuessIdParams, GuessListResponse, GuessView, LoginBody, LoginResponse, MeResponse, WaitQuery } from '../../shared/protocol.ts';
import { publicLevel } from '../game/views.ts';
import type { Session } from '../game/types.ts';
import { GameError } from '../../shared/errors.ts';
import { bearer } from './errors.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };
/** A refused login says when to come back (`params.retryAfterS`, as the Retry-After header). */
const LoginLimited = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), params: Type.Optional(Type.Object({ retryAfterS: Type.Integer() })) }),
});

/** The team's calls of the public contract. */
export default async function teamRoutes(app: FastifyInstance): Promise<void> {
  const { game } = app;
  const session = (request: FastifyRequest): Promise<Session> => game.signIn.authenticate(bearer(request.headers.authorization));

  // A 429 says when to come back: the Retry-After header beside the body's params.retryAfterS.
  app.addHook('onError', async (_request, reply, err) => {
    if (err instanceof GameError && err.code === 'RATE_LIMITED' && err.detail.params?.retryAfterS !== undefined) {
      reply.header('retry-after', String(err.detail.params.retryAfterS));
    }
  });

  // With a team token: the same team switches level (no wait). Without one: a login as `team`.
  app.post<{ Body: LoginBody }>('/api/login', { schema: { body: LoginBody, response: { 200: LoginResponse, ...errors, 429: LoginLimited } } }, async (request) => {
    const { token, team, level } = await game.signIn.login(request.body, request.ip, bearer(request.headers.authorization));
    return { token, team: { id: team.id, number: team.number, name: team.name, ...(team.code ? { code: team.code } : {}) }, level: publicLevel(level) };
  });

  app.get('/api/me', { schema: { response: { 200: MeResponse, ...errors } } }, async (request) => {
    const s = await session(request);
    const me = await game.levels.me(s);
    // The team's devices see its code (to let another device join); until LevelMaster.me carries it, it is read here.
    if (me.team.code === undefined) {
      const code = await game.signIn.teamCode(s);
      if (code) me.team.code = code;
    }
    return me;
  });

  app.post<{ Body: GuessBody }>('/api/guesses', { schema: { body: GuessBody, response: { 202: GuessView, ...errors } } }, async (request, reply) => {
    const view = await game.levels.submit(await session(request), request.body.x, 'http');
    return reply.code(202).send(view);
  });

  app.get('/api/guesses', { schema: { response: { 200: GuessListResponse, ...errors } } }, async (request) => ({
    guesses: await game.levels.guesses(await session(request)),
  }));

  app.get<{ Params: { id: number }; Querystring: { wait?: string } }>(
    '/api/guesses/:id',
    { schema: { params: GuessIdParams, querystring: WaitQuery, response: { 200: GuessView, ...errors } } },
    async (request) => {
      const wait = request.query.wait === '1' || request.query.wait === 'true';
      return game.levels.guess(await session(request), request.params.id, wait);
    },
  );
}

export const InfoResponse = Type.Object({ version: Type.String(), joinUrls: Type.Array(Type.String()), requirePin: Type.Boolean(), loginDelayMs: Type.Integer() });
