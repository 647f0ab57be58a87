import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GuessBody, GuessIdParams, GuessListResponse, GuessView, LoginBody, LoginResponse, MeResponse, WaitQuery } from '../../shared/protocol.ts';
import { publicLevel } from '../game/views.ts';
import type { Session } from '../game/types.ts';
import { bearer } from './errors.ts';
import { BODY_ERRORS, TEAM_ERRORS, TEAM_SECURITY, errors, ok } from './route-docs.ts';

const team = { tags: ['team'], security: TEAM_SECURITY };

/** The team's calls of the public contract. */
export default async function teamRoutes(app: FastifyInstance): Promise<void> {
  const { game } = app;
  const session = (request: FastifyRequest): Promise<Session> => game.signIn.authenticate(bearer(request.headers.authorization));

  // With a team token: the same team switches level (no wait). Without one: a login as `team`.
  app.post<{ Body: LoginBody }>(
    '/api/login',
    {
      schema: {
        tags: ['team'],
        summary: 'Log in as a team, or switch level with a team token',
        description:
          'Without a token: `{team, password, pin?, code?}` logs the team into the level the password names, answered after the ' +
          "game's login delay (10 s by default) on success and failure alike. The first login of a team claims it and its answer " +
          'carries `team.code`; later logins of that team need `code` (else TEAM_CODE_REQUIRED). With a team token in ' +
          '`Authorization`: `{password}` moves the same team to the level that password names, at once. Failed logins are ' +
          'limited per client address and team number (10 in 10 min) and per address (50); logins that get in per address (120 a ' +
          'minute) and per team (20 a minute): beyond, 429 with Retry-After.',
        security: [{}, ...TEAM_SECURITY],
        body: LoginBody,
        response: {
          200: ok(LoginResponse, 'The token (send it as `Authorization: Bearer <token>`), the team (with its code for its own devices) and the level'),
          ...errors(...BODY_ERRORS, 'BAD_LOGIN', 'TEAM_CODE_REQUIRED', 'UNAUTHORIZED', 'LEVEL_NOT_OPEN', 'RATE_LIMITED', 'STORAGE_ERROR'),
        },
      },
    },
    async (request) => {
      const { token, team, level } = await game.signIn.login(request.body, request.ip, bearer(request.headers.authorization));
      return { token, team: { id: team.id, number: team.number, name: team.name, ...(team.code ? { code: team.code } : {}) }, level: publicLevel(level) };
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        ...team,
        summary: "The team's state in its level",
        description: 'The team, the level, its guesses, its best, the guesses left; the leaderboard when the game shows it (or the level is settled), the reveal once revealed.',
        response: { 200: ok(MeResponse, "The team's state"), ...errors(...TEAM_ERRORS) },
      },
    },
    async (request) => game.levels.me(await session(request)),
  );

  app.post<{ Body: GuessBody }>(
    '/api/guesses',
    {
      schema: {
        ...team,
        summary: 'Submit a guess',
        description: 'x is a number on 1-D levels (or [x]), [x, y] on 2-D levels. The result is ready at readyAt (submittedAt + the level delay). One pending guess per team; every accepted guess counts against the budget.',
        body: GuessBody,
        response: { 202: ok(GuessView, 'Accepted: the guess, pending until readyAt'), ...errors(...BODY_ERRORS, 'INVALID_X', 'GUESS_PENDING', 'BUDGET_EXHAUSTED', 'LEVEL_NOT_OPEN', ...TEAM_ERRORS) },
      },
    },
    async (request, reply) => {
      const view = await game.levels.submit(await session(request), request.body.x, 'http');
      return reply.code(202).send(view);
    },
  );

  app.get(
    '/api/guesses',
    {
      schema: {
        ...team,
        summary: "The team's guesses in its level",
        description: 'Oldest first; ready ones carry fx, grad, and slope on 1-D levels.',
        response: { 200: ok(GuessListResponse, "The team's guesses"), ...errors(...TEAM_ERRORS) },
      },
    },
    async (request) => ({
      guesses: await game.levels.guesses(await session(request)),
    }),
  );

  app.get<{ Params: { id: number }; Querystring: { wait?: string } }>(
    '/api/guesses/:id',
    {
      schema: {
        ...team,
        summary: 'One guess of the team; with wait=1, once it is ready',
        description: 'Pending: the guess with status "pending" and no values. With wait=1 (or true) the answer waits until readyAt (at most 60 s, then it answers pending). Ready: with fx, grad, slope?.',
        params: GuessIdParams,
        querystring: WaitQuery,
        response: { 200: ok(GuessView, 'The guess'), ...errors('INVALID_BODY', 'NOT_FOUND', ...TEAM_ERRORS) },
      },
    },
    async (request) => {
      const wait = request.query.wait === '1' || request.query.wait === 'true';
      return game.levels.guess(await session(request), request.params.id, wait);
    },
  );
}
