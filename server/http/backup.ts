/** Exports of a game: CSV of every guess and the standings, and a JSON backup that restores as a new game. */
import { Type, type Static } from '@sinclair/typebox';
import { GameError } from '../../shared/errors.ts';
import type { GameService } from '../game/service.ts';
import { isSettled } from '../game/rules.ts';
import { rankLevel, rankOverall } from '../game/scoring.ts';

/** A CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: unknown[]) => cells.map(csvCell).join(',');
const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

/** Every guess of the game (with the door it came through), then the standings of each level and overall. */
export async function exportCsv(game: GameService, gameId: number, part?: 'guesses' | 'standings'): Promise<string> {
  const g = await game.store.getGame(gameId);
  if (!g) throw new GameError('NOT_FOUND', 'No such game');
  const [levels, teams, guesses] = await Promise.all([game.store.levelsOf(gameId), game.store.teamsOf(gameId), game.store.guessesOfGame(gameId)]);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const levelById = new Map(levels.map((l) => [l.id, l]));
  const now = game.clock.now();
  const lines: string[] = [];
  if (part !== 'standings') {
    lines.push(row(['level', 'level_title', 'team', 'team_name', 'guess', 'x', 'y', 'fx', 'grad_x', 'grad_y', 'submitted_at', 'ready_at', 'source']));
    const counters = new Map<string, number>();
    for (const guess of guesses) {
      const level = levelById.get(guess.levelId);
      const team = teamById.get(guess.teamId);
      if (!level || !team) continue;
      const key = `${level.id}:${team.id}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      lines.push(row([level.index + 1, level.title, team.number, team.name, n, guess.x[0], guess.x[1], guess.fx, guess.grad[0], guess.grad[1], iso(guess.submittedAt), iso(guess.readyAt), guess.source]));
    }
  }
  if (part !== 'guesses') {
    if (lines.length) lines.push('');
    lines.push(row(['level', 'level_title', 'rank', 'team', 'team_name', 'best_fx', 'guesses', 'points', 'regret']));
    const settled = [];
    for (const level of levels) {
      const standings = rankLevel(teams, guesses.filter((x) => x.levelId === level.id), { fStar: level.fStar, median: level.median }, now);
      if (isSettled(level)) settled.push({ levelId: level.id, standings });
      for (const s of standings) lines.push(row([level.index + 1, level.title, s.rank, s.number, s.name, s.best, s.guesses, s.points, s.regret]));
    }
    for (const s of rankOverall(teams, settled)) lines.push(row(['overall', '', s.rank, s.number, s.name, '', '', s.points, '']));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const Num = Type.Number();
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableNum = Type.Union([Type.Number(), Type.Null()]);

/** The JSON backup of one game (format version 1). */
export const GameBackup = Type.Object({
  format: Type.Literal('gd-arena-game'),
  version: Type.Literal(1),
  game: Type.Object({
    title: Type.String({ minLength: 1, maxLength: 200 }),
    loginDelayMs: Type.Integer({ minimum: 0, maximum: 120_000 }),
    requirePin: Type.Boolean(),
    showLeaderboard: Type.Boolean(),
    showFeedValues: Type.Boolean(),
  }),
  levels: Type.Array(
    Type.Object({
      key: Type.Integer(),
      index: Type.Integer(),
      title: Type.String(),
      expression: Type.String({ maxLength: 2000 }),
      domain: Type.Array(Type.Tuple([Num, Num]), { minItems: 1, maxItems: 2 }),
      delayMs: Type.Integer({ minimum: 0 }),
      budget: NullableInt,
      timeLimitMs: NullableInt,
      password: Type.String({ minLength: 1 }),
      start: Type.Array(Num),
      status: Type.String(),
      showPassword: Type.Boolean(),
      openedAt: NullableNum,
      closesAt: NullableNum,
      remainingMs: NullableInt,
      closedAt: NullableNum,
      revealedAt: NullableNum,
    }),
    { maxItems: 100 },
  ),
  teams: Type.Array(Type.Object({ key: Type.Integer(), number: Type.Integer(), name: Type.String(), pin: Type.Union([Type.String(), Type.Null()]) }), { maxItems: 1000 }),
  guesses: Type.Array(
    Type.Object({
      level: Type.Integer(),
      team: Type.Integer(),
      x: Type.Array(Num),
      fx: Num,
      grad: Type.Array(Num),
      submittedAt: Num,
      readyAt: Num,
      source: Type.String(),
    }),
    { maxItems: 200_000 },
  ),
});
export type GameBackup = Static<typeof GameBackup>;

/** The whole game as JSON: settings, levels, teams, guesses. */
export async function exportJson(game: GameService, gameId: number): Promise<GameBackup> {
  const g = await game.store.getGame(gameId);
  if (!g) throw new GameError('NOT_FOUND', 'No such game');
  const [levels, teams, guesses] = await Promise.all([game.store.levelsOf(gameId), game.store.teamsOf(gameId), game.store.guessesOfGame(gameId)]);
  return {
    format: 'gd-arena-game',
    version: 1,
    game: { title: g.title, loginDelayMs: g.loginDelayMs, requirePin: g.requirePin, showLeaderboard: g.showLeaderboard, showFeedValues: g.showFeedValues },
    levels: levels.map((l) => ({
      key: l.id,
      index: l.index,
      title: l.title,
      expression: l.expression,
      domain: l.domain,
      delayMs: l.delayMs,
      budget: l.budget,
      timeLimitMs: l.timeLimitMs,
      password: l.password,
      start: l.start,
      status: l.status,
      showPassword: l.showPassword,
      openedAt: l.openedAt,
      closesAt: l.closesAt,
      remainingMs: l.remainingMs,
      closedAt: l.closedAt,
      revealedAt: l.revealedAt,
    })),
    teams: teams.map((t) => ({ key: t.id, number: t.number, name: t.name, pin: t.pin })),
    guesses: guesses.map((x) => ({ level: x.levelId, team: x.teamId, x: x.x, fx: x.fx, grad: x.grad, submittedAt: x.submittedAt, readyAt: x.readyAt, source: x.source })),
  };
}

const STATUSES = new Set(['draft', 'open', 'paused', 'closed', 'revealed']);

/** Restores a backup as a new, inactive game; an open level comes back paused so nothing runs by surprise. */
export async function importJson(game: GameService, backup: GameBackup): Promise<number> {
  const store = game.store;
  const created = await store.createGame({ ...backup.game, title: backup.game.title });
  try {
    const levelIds = new Map<number, number>();
    for (const l of [...backup.levels].sort((a, b) => a.index - b.index)) {
      const prepared = game.prepareLevel({ expression: l.expression, domain: l.domain, start: l.start });
      const level = await store.createLevel({
        gameId: created.id,
        index: l.index,
        title: l.title,
        expression: l.expression,
        dims: prepared.dims,
        domain: prepared.domain,
        delayMs: l.delayMs,
        budget: l.budget,
        timeLimitMs: l.timeLimitMs,
        password: l.password,
        start: prepared.start,
        fStar: prepared.fStar,
        argmin: prepared.argmin,
        median: prepared.median,
      });
      const status = !STATUSES.has(l.status) ? 'draft' : l.status === 'open' ? 'paused' : l.status;
      const d = (t: number | null) => (t === null ? null : new Date(t));
      await store.updateLevel(level.id, {
        status,
        showPassword: l.showPassword,
        openedAt: d(l.openedAt),
        closesAt: null,
        remainingMs: l.status === 'open' && l.closesAt !== null ? Math.max(0, l.closesAt - game.clock.now()) : l.remainingMs,
        closedAt: d(l.closedAt),
        revealedAt: d(l.revealedAt),
      });
      levelIds.set(l.key, level.id);
    }
    const teams = await store.createTeams(created.id, backup.teams.map((t) => ({ number: t.number, name: t.name, pin: t.pin })));
    const teamIds = new Map(backup.teams.map((t, i) => [t.key, teams[i].id]));
    const stored = [];
    for (const x of backup.guesses) {
      const levelId = levelIds.get(x.level);
      const teamId = teamIds.get(x.team);
      if (levelId === undefined || teamId === undefined) throw new GameError('INVALID_BODY', 'A guess refers to a level or team not in the backup');
      const source = x.source === 'page' || x.source === 'ws' ? x.source : 'http';
      stored.push(await store.createGuess({ levelId, teamId, x: x.x, fx: x.fx, grad: x.grad, submittedAt: x.submittedAt, readyAt: x.readyAt, source }));
    }
    // A backup taken mid-level may hold results not yet due: they are pushed at their readyAt.
    game.watch(stored);
    return created.id;
  } catch (err) {
    // All or nothing: a half-restored game would be worse than none.
    await store.deleteGame(created.id);
    throw err;
  }
}
