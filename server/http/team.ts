import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, GuessBody, GuessIdParams, GuessListResponse, GuessView, LoginBody, LoginResponse, MeResponse, WaitQuery } from '../../shared/protocol.ts';
import { publicLevel } from '../game/views.ts';
import type { Session } from '../game/types.ts';
import { bearer } from './errors.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };

/** The team's calls of the public contract. */
export default async function teamRoutes(app: FastifyInstance): Promise<void> {
  const { game } = app;
  const session = (request: FastifyRequest): Promise<Session> => game.signIn.authenticate(bearer(request.headers.authorization));

  // With a team token: the same team switches level (no wait). Without one: a login as `team`.
  app.post<{ Body: LoginBody }>('/api/login', { schema: { body: LoginBody, response: { 200: LoginResponse, ...errors } } }, async (request) => {
    const { token, team, level } = await game.signIn.login(request.body, request.ip, bearer(request.headers.authorization));
    return { token, team: { id: team.id, number: team.number, name: team.name, ...(team.code ? { code: team.code } : {}) }, level: publicLevel(level) };
  });

  app.get('/api/me', { schema: { response: { 200: MeResponse, ...errors } } }, async (request) => game.levels.me(await session(request)));

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
