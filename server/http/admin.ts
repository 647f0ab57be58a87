import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  AdminGame,
  AdminGuess,
  AdminLevel,
  AdminLoginBody,
  AdminTeam,
  ErrorResponse,
  ExtendBody,
  GameBody,
  GamePatch,
  IdParams,
  LeaderboardEntry,
  LevelBody,
  LevelPatch,
  PreviewBody,
  ResetBody,
  TeamPatch,
  TeamsBody,
  TokenResponse,
  OpenBody,
  CurveSamples,
} from '../../shared/protocol.ts';
import { GameBackup } from '../../shared/backup.ts';
import { adminLevel, adminTeam } from '../game/views.ts';
import type { LevelAction } from '../game/rules.ts';
import { SLIDE_LEVELS, CLASSIC_LEVELS } from '../game/templates.ts';
import { bearer } from './errors.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse };
type Id = { Params: IdParams };

/** The instructor's calls, under /api/admin; every one but login needs an admin token. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { signIn, admin: game, levels, backup, exports: exportsOf } = app.game;

  app.post<{ Body: Static<typeof AdminLoginBody> }>('/login', { schema: { body: AdminLoginBody, response: { 200: TokenResponse, ...errors } } }, async (request) => ({
    token: await signIn.adminLogin(request.body.password, request.ip),
  }));

  // Everything registered after this hook requires the admin token (a team token is refused: it is not in AdminSession).
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === '/api/admin/login') return;
    await signIn.authenticateAdmin(bearer(request.headers.authorization));
  });

  app.post('/logout', async (request, reply) => {
    await signIn.adminLogout(bearer(request.headers.authorization)!);
    return reply.code(204).send();
  });

  app.get('/status', async () => ({ backend: game.referenceBackend(), version: app.appInfo.version, joinUrls: app.appInfo.joinUrls() }));

  // ----- games -----
  const gameView = (id: number) => game.game(id);

  app.get('/games', { schema: { response: { 200: Type.Array(AdminGame) } } }, async () => game.listGames());

  app.post<{ Body: GameBody }>('/games', { schema: { body: GameBody, response: { 201: AdminGame, ...errors } } }, async (request, reply) => {
    const created = await game.createGame(request.body);
    return reply.code(201).send(await gameView(created.id));
  });

  app.get<Id>('/games/:id', { schema: { params: IdParams } }, async (request) => game.gameDetail(request.params.id));

  app.patch<Id & { Body: GamePatch & { boardLevelId?: number | null } }>(
    '/games/:id',
    { schema: { params: IdParams, body: Type.Object({ ...GamePatch.properties, boardLevelId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }, { additionalProperties: false }), response: { 200: AdminGame, ...errors } } },
    async (request) => {
      await game.updateGame(request.params.id, request.body);
      return gameView(request.params.id);
    },
  );

  app.delete<Id>('/games/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await game.deleteGame(request.params.id);
    return reply.code(204).send();
  });

  app.post<Id>('/games/:id/duplicate', { schema: { params: IdParams, response: { 201: AdminGame, ...errors } } }, async (request, reply) => {
    const copy = await game.duplicateGame(request.params.id);
    return reply.code(201).send(await gameView(copy.id));
  });

  app.post<Id>('/games/:id/activate', { schema: { params: IdParams, response: { 200: AdminGame, ...errors } } }, async (request) => {
    await game.activateGame(request.params.id);
    return gameView(request.params.id);
  });

  // ----- levels -----
  app.post<Id & { Body: LevelBody }>('/games/:id/levels', { schema: { params: IdParams, body: LevelBody, response: { 201: AdminLevel, ...errors } } }, async (request, reply) => {
    const level = await game.createLevel(request.params.id, request.body);
    return reply.code(201).send(adminLevel(level));
  });

  app.get<Id>('/levels/:id', { schema: { params: IdParams, response: { 200: AdminLevel, ...errors } } }, async (request) => adminLevel(await game.level(request.params.id)));

  app.patch<Id & { Body: LevelPatch }>('/levels/:id', { schema: { params: IdParams, body: LevelPatch, response: { 200: AdminLevel, ...errors } } }, async (request) =>
    adminLevel(await game.updateLevel(request.params.id, request.body)),
  );

  app.delete<Id>('/levels/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await game.deleteLevel(request.params.id);
    return reply.code(204).send();
  });

  app.post<Id & { Body: Static<typeof OpenBody> }>(
    '/levels/:id/open',
    { schema: { params: IdParams, body: OpenBody, response: { 200: AdminLevel, ...errors } } },
    async (request) => adminLevel(await levels.act(request.params.id, 'open', { closeOthers: request.body.closeOthers })),
  );
  for (const action of ['pause', 'resume', 'close', 'reveal'] as const satisfies readonly LevelAction[]) {
    app.post<Id>(`/levels/:id/${action}`, { schema: { params: IdParams, response: { 200: AdminLevel, ...errors } } }, async (request) =>
      adminLevel(await levels.act(request.params.id, action)),
    );
  }
  app.post<Id & { Body: Static<typeof ResetBody> }>(
    '/levels/:id/reset',
    { schema: { params: IdParams, body: ResetBody, response: { 200: AdminLevel, ...errors } } },
    async (request) => adminLevel(await levels.act(request.params.id, 'reset', { teamId: request.body.teamId })),
  );
  app.post<Id & { Body: Static<typeof ExtendBody> }>('/levels/:id/extend', { schema: { params: IdParams, body: ExtendBody, response: { 200: AdminLevel, ...errors } } }, async (request) =>
    adminLevel(await levels.act(request.params.id, 'extend', { extendMs: request.body.ms })),
  );

  app.get<Id>('/levels/:id/guesses', { schema: { params: IdParams, response: { 200: Type.Object({ guesses: Type.Array(AdminGuess) }), ...errors } } }, async (request) => ({
    guesses: await game.levelGuesses(request.params.id),
  }));

  app.get<Id>(
    '/levels/:id/monitor',
    { schema: { params: IdParams, response: { 200: Type.Object({ level: AdminLevel, leaderboard: Type.Array(LeaderboardEntry), devices: Type.Record(Type.String(), Type.Integer()) }), ...errors } } },
    async (request) => game.monitor(request.params.id),
  );

  // ----- teams -----
  app.post<Id & { Body: TeamsBody }>('/games/:id/teams', { schema: { params: IdParams, body: TeamsBody, response: { 201: Type.Object({ teams: Type.Array(AdminTeam) }), ...errors } } }, async (request, reply) =>
    reply.code(201).send({ teams: (await game.createTeams(request.params.id, request.body)).map(adminTeam) }),
  );
  app.patch<Id & { Body: TeamPatch }>('/teams/:id', { schema: { params: IdParams, body: TeamPatch, response: { 200: AdminTeam, ...errors } } }, async (request) =>
    adminTeam(await game.updateTeam(request.params.id, request.body)),
  );
  app.post<Id>('/teams/:id/reset-code', { schema: { params: IdParams, response: { 200: AdminTeam, ...errors } } }, async (request) =>
    adminTeam(await game.resetTeamCode(request.params.id)),
  );
  app.delete<Id>('/teams/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await game.deleteTeam(request.params.id);
    return reply.code(204).send();
  });

  // ----- authoring help -----
  app.post<{ Body: Static<typeof PreviewBody> }>(
    '/preview',
    { schema: { body: PreviewBody, response: { 200: Type.Object({ dims: Type.Integer(), samples: CurveSamples, fStar: Type.Number(), argmin: Type.Union([Type.Number(), Type.Array(Type.Number())]), median: Type.Number() }), ...errors } } },
    async (request) => game.preview(request.body),
  );

  app.get('/templates', async () => [...SLIDE_LEVELS, ...CLASSIC_LEVELS].map((t) => ({ ...t, group: SLIDE_LEVELS.includes(t) ? 'slides' : 'classics' })));

  // ----- export and backup -----
  const download = (name: string) => `attachment; filename="${name}"`;
  // export.csv: every guess and the standings in one table (?part=guesses or standings: one of the two tables).
  app.get<Id & { Querystring: { part?: 'guesses' | 'standings' } }>(
    '/games/:id/export.csv',
    { schema: { params: IdParams, querystring: Type.Object({ part: Type.Optional(Type.Union([Type.Literal('guesses'), Type.Literal('standings')])) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { id } = request.params;
      const part = request.query.part;
      const csv = part === 'guesses' ? await exportsOf.guesses(id) : part === 'standings' ? await exportsOf.standings(id) : await exportsOf.combined(id);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', download(`gd-arena-game-${id}${part ? `-${part}` : ''}.csv`)).send(csv);
    },
  );
  for (const part of ['guesses', 'standings'] as const) {
    app.get<Id>(`/games/:id/export/${part}.csv`, { schema: { params: IdParams } }, async (request, reply) => {
      const csv = await exportsOf[part](request.params.id);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', download(`gd-arena-game-${request.params.id}-${part}.csv`)).send(csv);
    });
  }
  app.get<Id>('/games/:id/export.zip', { schema: { params: IdParams } }, async (request, reply) => {
    const zip = await exportsOf.zip(request.params.id);
    return reply.header('content-type', 'application/zip').header('content-disposition', download(`gd-arena-game-${request.params.id}.zip`)).send(Buffer.from(zip));
  });

  app.get<Id>('/games/:id/export.json', { schema: { params: IdParams } }, async (request, reply) => {
    const json = await backup.json(request.params.id);
    return reply.header('content-disposition', `attachment; filename="gd-arena-game-${request.params.id}.json"`).send(json);
  });

  app.post<{ Body: Static<typeof GameBackup> }>('/games/import', { schema: { body: GameBackup, response: { 201: AdminGame, ...errors } }, bodyLimit: 20 * 1024 * 1024 }, async (request, reply) => {
    const id = await backup.restore(request.body);
    return reply.code(201).send(await gameView(id));
  });

  // The reference routes live beside the optimizers (registered by the reference plugin under this prefix).
  await app.register(import('./admin-reference.ts'));
}

