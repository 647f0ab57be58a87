import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  AdminGame,
  AdminLevel,
  AdminLoginBody,
  AdminTeam,
  ExtendBody,
  GameBody,
  GamePatch,
  IdParams,
  LevelBody,
  LevelPatch,
  OpenBody,
  PreviewBody,
  ResetBody,
  TeamPatch,
  TeamsBody,
  TokenResponse,
} from '../../shared/protocol.ts';
import { AdminGameDetail, AdminGuessList, AdminStatus, LevelMonitor, LevelTemplateView, PreviewResponse, TeamsResponse } from '../../shared/answers.ts';
import { GameBackup } from '../../shared/backup.ts';
import { adminLevel, adminTeam } from '../game/views.ts';
import type { LevelAction } from '../game/rules.ts';
import { SLIDE_LEVELS, CLASSIC_LEVELS } from '../game/templates.ts';
import { bearer } from './errors.ts';
import { ADMIN_ERRORS, ADMIN_SECURITY, BODY_ERRORS, NO_CONTENT, download, errors, ok } from './route-docs.ts';

type Id = { Params: IdParams };

/** The OpenAPI tags and security of an admin call, with its summary (and description). */
const doc = (summary: string, description?: string) => ({ tags: ['admin'], security: ADMIN_SECURITY, summary, ...(description ? { description } : {}) });
/** Errors of a call on one game, level or team by id (a malformed id is INVALID_BODY). */
const ON_ID = ['INVALID_BODY', 'NOT_FOUND', ...ADMIN_ERRORS] as const;
/** Errors of a call with a body on one game, level or team. */
const WITH_BODY = [...BODY_ERRORS, 'NOT_FOUND', ...ADMIN_ERRORS] as const;

const GameSettingsPatch = Type.Object({ ...GamePatch.properties, boardLevelId: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'the level the board follows; null: the level opened last' })) }, { additionalProperties: false });
const LEVEL_ACTIONS: Record<Exclude<LevelAction, 'open' | 'reset' | 'extend'>, string> = {
  pause: 'Pause an open level: guesses are refused (LEVEL_NOT_OPEN), logins accepted, a pending guess is still delivered at its readyAt; the time limit stops',
  resume: 'Resume a paused level (its time limit runs on from where it stopped)',
  close: 'Close an open or paused level: no more guesses; the settlement shows ranks and best f (pending guesses are still delivered)',
  reveal: 'Reveal a closed level: the function, f*, the samples, every path, points and regret become public',
};

/** The instructor's calls, under /api/admin; every one but login needs an admin token. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { signIn, admin: game, levels, backup, exports: exportsOf } = app.game;

  app.post<{ Body: Static<typeof AdminLoginBody> }>(
    '/login',
    {
      schema: {
        tags: ['admin'],
        summary: 'Sign in as the instructor',
        description: 'A wrong password is answered after 1 s. Attempts are limited per address (5 a minute, 10 in 15 minutes, 20 an hour) and for everyone (20, 60, 200): beyond, 429 with Retry-After.',
        body: AdminLoginBody,
        response: { 200: ok(TokenResponse, 'An admin token, valid 14 days'), ...errors(...BODY_ERRORS, 'UNAUTHORIZED', 'RATE_LIMITED', 'STORAGE_ERROR') },
      },
    },
    async (request) => ({
      token: await signIn.adminLogin(request.body.password, request.ip),
    }),
  );

  // Everything registered after this hook requires the admin token (a team token is refused: it is not in AdminSession).
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === '/api/admin/login') return;
    await signIn.authenticateAdmin(bearer(request.headers.authorization));
  });

  app.post('/logout', { schema: { ...doc('End this admin token'), response: { 204: NO_CONTENT, ...errors(...BODY_ERRORS, ...ADMIN_ERRORS) } } }, async (request, reply) => {
    await signIn.adminLogout(bearer(request.headers.authorization)!);
    return reply.code(204).send();
  });

  app.get('/status', { schema: { ...doc('The server: reference backend, version, join addresses'), response: { 200: ok(AdminStatus, 'The status'), ...errors(...ADMIN_ERRORS) } } }, async () => ({
    backend: game.referenceBackend(),
    version: app.appInfo.version,
    joinUrls: app.appInfo.joinUrls(),
  }));

  // ----- games -----
  const gameView = (id: number) => game.game(id);

  app.get('/games', { schema: { ...doc('Every game'), response: { 200: ok(Type.Array(AdminGame), 'The games'), ...errors(...ADMIN_ERRORS) } } }, async () => game.listGames());

  app.post<{ Body: GameBody }>(
    '/games',
    { schema: { ...doc('Create a game', 'The first game becomes the active one. Defaults: loginDelayMs 10000, requirePin false, showLeaderboard true, defaultDelayMs 10000, defaultBudget 20.'), body: GameBody, response: { 201: ok(AdminGame, 'The game'), ...errors(...BODY_ERRORS, ...ADMIN_ERRORS) } } },
    async (request, reply) => {
      const created = await game.createGame(request.body);
      return reply.code(201).send(await gameView(created.id));
    },
  );

  app.get<Id>('/games/:id', { schema: { ...doc('A game with its levels (passwords, f*, …) and teams (PINs, codes)'), params: IdParams, response: { 200: ok(AdminGameDetail, 'The game'), ...errors(...ON_ID) } } }, async (request) =>
    game.gameDetail(request.params.id),
  );

  app.patch<Id & { Body: GamePatch & { boardLevelId?: number | null } }>(
    '/games/:id',
    { schema: { ...doc('Change a game’s settings'), params: IdParams, body: GameSettingsPatch, response: { 200: ok(AdminGame, 'The game'), ...errors(...WITH_BODY) } } },
    async (request) => {
      await game.updateGame(request.params.id, request.body);
      return gameView(request.params.id);
    },
  );

  app.delete<Id>('/games/:id', { schema: { ...doc('Delete a game with its levels, teams and guesses'), params: IdParams, response: { 204: NO_CONTENT, ...errors(...ON_ID) } } }, async (request, reply) => {
    await game.deleteGame(request.params.id);
    return reply.code(204).send();
  });

  app.post<Id>(
    '/games/:id/duplicate',
    { schema: { ...doc('Copy a game for another class', 'The copy, titled “… (copy)”, has the same settings, the levels as drafts with new passwords, and the teams with new PINs; no guesses, no team codes.'), params: IdParams, response: { 201: ok(AdminGame, 'The copy'), ...errors(...WITH_BODY) } } },
    async (request, reply) => {
      const copy = await game.duplicateGame(request.params.id);
      return reply.code(201).send(await gameView(copy.id));
    },
  );

  app.post<Id>(
    '/games/:id/activate',
    { schema: { ...doc('Make a game the active one', 'Teams log into the active game; the board shows it; guesses in other games are refused (LEVEL_NOT_OPEN).'), params: IdParams, response: { 200: ok(AdminGame, 'The game'), ...errors(...WITH_BODY) } } },
    async (request) => {
      await game.activateGame(request.params.id);
      return gameView(request.params.id);
    },
  );

  // ----- levels -----
  app.post<Id & { Body: LevelBody }>(
    '/games/:id/levels',
    {
      schema: {
        ...doc(
          'Add a level (a draft)',
          'The expression is mathjs syntax in x (and y). The server computes f* and the median of f over the domain. A password is generated when absent; delayMs and budget default to the game’s. `axes` names the inputs (["a", "b"] on a regression); `data` is the data set shown on the plots.',
        ),
        params: IdParams,
        body: LevelBody,
        response: { 201: ok(AdminLevel, 'The level, with its password and f*'), ...errors(...WITH_BODY, 'INVALID_EXPRESSION', 'INVALID_DOMAIN', 'DUPLICATE') },
      },
    },
    async (request, reply) => {
      const level = await game.createLevel(request.params.id, request.body);
      return reply.code(201).send(adminLevel(level));
    },
  );

  app.get<Id>('/levels/:id', { schema: { ...doc('A level as the instructor sees it'), params: IdParams, response: { 200: ok(AdminLevel, 'The level'), ...errors(...ON_ID) } } }, async (request) =>
    adminLevel(await game.level(request.params.id)),
  );

  app.patch<Id & { Body: LevelPatch }>(
    '/levels/:id',
    {
      schema: {
        ...doc('Change a level', 'Title, password, delayMs, budget, index and showPassword at any time; the function, domain, start, axes, data and time limit only while it is a draft (INVALID_TRANSITION: reset it first, or use extend for the time).'),
        params: IdParams,
        body: LevelPatch,
        response: { 200: ok(AdminLevel, 'The level'), ...errors(...WITH_BODY, 'INVALID_EXPRESSION', 'INVALID_DOMAIN', 'INVALID_TRANSITION', 'DUPLICATE') },
      },
    },
    async (request) => adminLevel(await game.updateLevel(request.params.id, request.body)),
  );

  app.delete<Id>('/levels/:id', { schema: { ...doc('Delete a level with its guesses (its teams’ tokens for it end)'), params: IdParams, response: { 204: NO_CONTENT, ...errors(...ON_ID) } } }, async (request, reply) => {
    await game.deleteLevel(request.params.id);
    return reply.code(204).send();
  });

  const transitionErrors = errors(...WITH_BODY, 'INVALID_TRANSITION');
  app.post<Id & { Body: Static<typeof OpenBody> }>(
    '/levels/:id/open',
    { schema: { ...doc('Open a draft level', 'Teams may log in and guess; its time limit starts. With `closeOthers: true` the game’s other open or paused levels close first. No body is needed.'), params: IdParams, body: OpenBody, response: { 200: ok(AdminLevel, 'The level'), ...transitionErrors } } },
    async (request) => adminLevel(await levels.act(request.params.id, 'open', { closeOthers: request.body.closeOthers })),
  );
  for (const [action, summary] of Object.entries(LEVEL_ACTIONS) as [keyof typeof LEVEL_ACTIONS, string][]) {
    app.post<Id>(`/levels/:id/${action}`, { schema: { ...doc(summary), params: IdParams, response: { 200: ok(AdminLevel, 'The level'), ...transitionErrors } } }, async (request) =>
      adminLevel(await levels.act(request.params.id, action)),
    );
  }
  app.post<Id & { Body: Static<typeof ResetBody> }>(
    '/levels/:id/reset',
    { schema: { ...doc('Take a level back to a draft, deleting its guesses', 'With `teamId`: only that team’s guesses are deleted and the level keeps its state. No body is needed.'), params: IdParams, body: ResetBody, response: { 200: ok(AdminLevel, 'The level'), ...transitionErrors } } },
    async (request) => adminLevel(await levels.act(request.params.id, 'reset', { teamId: request.body.teamId })),
  );
  app.post<Id & { Body: Static<typeof ExtendBody> }>(
    '/levels/:id/extend',
    { schema: { ...doc('Move the time limit of an open or paused level by `ms` (negative shortens it; a level without a limit gets one)'), params: IdParams, body: ExtendBody, response: { 200: ok(AdminLevel, 'The level'), ...transitionErrors } } },
    async (request) => adminLevel(await levels.act(request.params.id, 'extend', { extendMs: request.body.ms })),
  );

  app.get<Id>(
    '/levels/:id/guesses',
    { schema: { ...doc('Every team’s guesses in a level, with their values from the moment they are stored'), params: IdParams, response: { 200: ok(AdminGuessList, 'The guesses, oldest first'), ...errors(...ON_ID) } } },
    async (request) => ({ guesses: await game.levelGuesses(request.params.id) }),
  );

  app.get<Id>('/levels/:id/monitor', { schema: { ...doc('The live monitor of a level: the level, the whole leaderboard, devices per team'), params: IdParams, response: { 200: ok(LevelMonitor, 'The monitor'), ...errors(...ON_ID) } } }, async (request) =>
    game.monitor(request.params.id),
  );

  // ----- teams -----
  app.post<Id & { Body: TeamsBody }>(
    '/games/:id/teams',
    { schema: { ...doc('Add teams', '`{count, pins?}` adds teams numbered after the last one (with PINs when the game asks for them or `pins` is true); `{teams: [{number, name?, pin?}]}` adds those.'), params: IdParams, body: TeamsBody, response: { 201: ok(TeamsResponse, 'The new teams'), ...errors(...WITH_BODY, 'DUPLICATE') } } },
    async (request, reply) => reply.code(201).send({ teams: (await game.createTeams(request.params.id, request.body)).map(adminTeam) }),
  );
  app.patch<Id & { Body: TeamPatch }>('/teams/:id', { schema: { ...doc('Change a team’s number, name or PIN'), params: IdParams, body: TeamPatch, response: { 200: ok(AdminTeam, 'The team'), ...errors(...WITH_BODY, 'DUPLICATE') } } }, async (request) =>
    adminTeam(await game.updateTeam(request.params.id, request.body)),
  );
  app.post<Id>(
    '/teams/:id/reset-code',
    { schema: { ...doc('Reset a team’s code', 'Every token of the team ends (its sockets are closed) and the next login claims the team with a new code: for a team whose code is lost, or taken by someone else.'), params: IdParams, response: { 200: ok(AdminTeam, 'The team, with code null'), ...errors(...WITH_BODY) } } },
    async (request) => adminTeam(await game.resetTeamCode(request.params.id)),
  );
  app.delete<Id>('/teams/:id', { schema: { ...doc('Delete a team with its guesses'), params: IdParams, response: { 204: NO_CONTENT, ...errors(...ON_ID) } } }, async (request, reply) => {
    await game.deleteTeam(request.params.id);
    return reply.code(204).send();
  });

  // ----- authoring help -----
  app.post<{ Body: Static<typeof PreviewBody> }>(
    '/preview',
    { schema: { ...doc('Check and sample a function before making it a level'), body: PreviewBody, response: { 200: ok(PreviewResponse, 'Samples, f*, where it is, the median'), ...errors(...BODY_ERRORS, 'INVALID_EXPRESSION', 'INVALID_DOMAIN', ...ADMIN_ERRORS) } } },
    async (request) => game.preview(request.body),
  );

  app.get('/templates', { schema: { ...doc('Levels to start from: the slides’ four and a few classics'), response: { 200: ok(Type.Array(LevelTemplateView), 'The templates'), ...errors(...ADMIN_ERRORS) } } }, async () =>
    [...SLIDE_LEVELS, ...CLASSIC_LEVELS].map((t) => ({ ...t, group: SLIDE_LEVELS.includes(t) ? 'slides' : 'classics' })),
  );

  // ----- export and backup -----
  const attachment = (name: string) => `attachment; filename="${name}"`;
  const csv = 'text/csv';
  // export.csv: every guess and the standings in one table (?part=guesses or standings: one of the two tables).
  app.get<Id & { Querystring: { part?: 'guesses' | 'standings' } }>(
    '/games/:id/export.csv',
    {
      schema: {
        ...doc('Every guess and the standings in one CSV', 'With ?part=guesses or ?part=standings, one of the two tables (as export/guesses.csv and export/standings.csv).'),
        params: IdParams,
        querystring: Type.Object({ part: Type.Optional(Type.Union([Type.Literal('guesses'), Type.Literal('standings')])) }, { additionalProperties: false }),
        response: { 200: download(csv, 'The CSV (UTF-8, times in the game’s time zone)'), ...errors(...ON_ID) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const part = request.query.part;
      const text = part === 'guesses' ? await exportsOf.guesses(id) : part === 'standings' ? await exportsOf.standings(id) : await exportsOf.combined(id);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(`gd-arena-game-${id}${part ? `-${part}` : ''}.csv`)).send(text);
    },
  );
  const partSummary = { guesses: 'Every guess of the game as CSV: team, level, x, f(x), gradient, times, door', standings: 'The standings as CSV: per level rank, best f, points, regret (once revealed), and overall' };
  for (const part of ['guesses', 'standings'] as const) {
    app.get<Id>(`/games/:id/export/${part}.csv`, { schema: { ...doc(partSummary[part]), params: IdParams, response: { 200: download(csv, 'The CSV'), ...errors(...ON_ID) } } }, async (request, reply) => {
      const text = await exportsOf[part](request.params.id);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(`gd-arena-game-${request.params.id}-${part}.csv`)).send(text);
    });
  }
  app.get<Id>('/games/:id/export.zip', { schema: { ...doc('guesses.csv and standings.csv in one ZIP'), params: IdParams, response: { 200: download('application/zip', 'The ZIP'), ...errors(...ON_ID) } } }, async (request, reply) => {
    const zip = await exportsOf.zip(request.params.id);
    return reply.header('content-type', 'application/zip').header('content-disposition', attachment(`gd-arena-game-${request.params.id}.zip`)).send(Buffer.from(zip));
  });

  app.get<Id>(
    '/games/:id/export.json',
    { schema: { ...doc('The whole game as a JSON backup', 'Settings, levels (with their functions and passwords), teams and guesses; POST /games/import restores it as a new game.'), params: IdParams, response: { 200: ok(GameBackup, 'The backup (format gd-arena-game, version 1)'), ...errors(...ON_ID) } } },
    async (request, reply) => {
      const json = await backup.json(request.params.id);
      return reply.header('content-disposition', `attachment; filename="gd-arena-game-${request.params.id}.json"`).send(json);
    },
  );

  app.post<{ Body: Static<typeof GameBackup> }>(
    '/games/import',
    {
      schema: { ...doc('Restore a JSON backup as a new game (all or nothing; up to 20 MB)'), body: GameBackup, response: { 201: ok(AdminGame, 'The new game'), ...errors(...BODY_ERRORS, 'INVALID_EXPRESSION', 'INVALID_DOMAIN', ...ADMIN_ERRORS) } },
      bodyLimit: 20 * 1024 * 1024,
    },
    async (request, reply) => {
      const id = await backup.restore(request.body);
      return reply.code(201).send(await gameView(id));
    },
  );

  // The reference routes live beside the optimizers (registered by the reference plugin under this prefix).
  await app.register(import('./admin-reference.ts'));
}

