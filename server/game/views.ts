/**
 * What leaves the server, per audience, in one place: teams and the board never get the expression, f*, the
 * median or samples of f before a level is revealed, nor a guess's result before its readyAt.
 */
import type { AdminGame, AdminGuess, AdminLevel, AdminTeam, GuessMessage, GuessView, LeaderboardEntry, OverallEntry, Point, PublicLevel, ReferencePath } from '../../shared/protocol.ts';
import type { GameRecord, LevelRecord, NewReferenceRun, StoredGuess, TeamRecord } from './types.ts';
import { isReady, isRevealed } from './rules.ts';
import type { OverallStanding, Standing } from './scoring.ts';
import { isoTime } from '../iso-time.ts';

const iso = (t: number | null): string | null => (t === null ? null : isoTime(t));

/** A point on the wire: a number on 1-D levels, [x, y] on 2-D levels. */
export const point = (x: readonly number[], dims: number): Point => (dims === 1 ? x[0] : [...x]);

/** Public level info as teams and the board see it. */
export function publicLevel(level: LevelRecord): PublicLevel {
  return {
    id: level.id,
    index: level.index,
    title: level.title,
    dims: level.dims,
    domain: level.domain as PublicLevel['domain'],
    delayMs: level.delayMs,
    budget: level.budget,
    status: level.status,
    closesAt: iso(level.closesAt),
    remainingMs: level.remainingMs,
    axes: [...level.axes],
    ...(level.data ? { data: level.data } : {}),
  };
}

/**
 * A guess as its team sees it: f, gradient and slope only from readyAt on. (Built field by field: every guess is
 * answered with one and pushed with more, and object spreads cost several times as much.)
 */
export function guessView(guess: StoredGuess, dims: number, now: number): GuessView {
  const x = point(guess.x, dims);
  const submittedAt = isoTime(guess.submittedAt);
  const readyAt = isoTime(guess.readyAt);
  if (!isReady(guess, now)) return { id: guess.id, x, submittedAt, readyAt, status: 'pending' };
  const grad = guess.grad.slice();
  return dims === 1
    ? { id: guess.id, x, submittedAt, readyAt, status: 'ready', fx: guess.fx, grad, slope: grad[0] }
    : { id: guess.id, x, submittedAt, readyAt, status: 'ready', fx: guess.fx, grad };
}

/** A guess in a realtime message (`id` there is the client's label; the guess's own id is `guessId`). */
export function guessMessage(guess: StoredGuess, dims: number, now: number, own: boolean): GuessMessage {
  const x = point(guess.x, dims);
  const submittedAt = isoTime(guess.submittedAt);
  const readyAt = isoTime(guess.readyAt);
  if (!isReady(guess, now)) return { x, submittedAt, readyAt, status: 'pending', guessId: guess.id, own, source: guess.source };
  const grad = guess.grad.slice();
  return dims === 1
    ? { x, submittedAt, readyAt, status: 'ready', fx: guess.fx, grad, slope: grad[0], guessId: guess.id, own, source: guess.source }
    : { x, submittedAt, readyAt, status: 'ready', fx: guess.fx, grad, guessId: guess.id, own, source: guess.source };
}

/** Leaderboard rows; points and regret only once the level is revealed (f* would follow from them), or for the admin. */
export function leaderboardView(standings: readonly Standing[], level: Pick<LevelRecord, 'status'>, audience: 'public' | 'admin'): LeaderboardEntry[] {
  const settled = audience === 'admin' || isRevealed(level);
  return standings.map((s) => ({
    rank: s.rank,
    teamId: s.teamId,
    number: s.number,
    name: s.name,
    best: s.best,
    bestAt: iso(s.bestAt),
    guesses: s.guesses,
    ...(settled ? { points: s.points, regret: s.regret } : {}),
  }));
}

export const overallView = (rows: readonly OverallStanding[]): OverallEntry[] => rows.map((r) => ({ ...r, levels: { ...r.levels } }));

export function adminGame(game: GameRecord, counts: { levels: number; teams: number }): AdminGame {
  return {
    id: game.id,
    title: game.title,
    loginDelayMs: game.loginDelayMs,
    requirePin: game.requirePin,
    showLeaderboard: game.showLeaderboard,
    showFeedValues: game.showFeedValues,
    active: game.active,
    boardLevelId: game.boardLevelId,
    defaultDelayMs: game.defaultDelayMs,
    defaultBudget: game.defaultBudget,
    timeZone: game.timeZone,
    showPassword: game.showPassword,
    createdAt: new Date(game.createdAt).toISOString(),
    levels: counts.levels,
    teams: counts.teams,
  };
}

export function adminLevel(level: LevelRecord): AdminLevel {
  return {
    ...publicLevel(level),
    gameId: level.gameId,
    expression: level.expression,
    password: level.password,
    timeLimitMs: level.timeLimitMs,
    start: point(level.start, level.dims),
    fStar: level.fStar,
    argmin: point(level.argmin, level.dims),
    median: level.median,
    showPassword: level.showPassword,
    openedAt: iso(level.openedAt),
  };
}

export const adminTeam = (team: TeamRecord): AdminTeam => ({ id: team.id, gameId: team.gameId, number: team.number, name: team.name, pin: team.pin, code: team.code });

/** The admin monitor, and only it, sees f(x) before readyAt. */
export function adminGuess(guess: StoredGuess, dims: number): AdminGuess {
  return {
    id: guess.id,
    teamId: guess.teamId,
    levelId: guess.levelId,
    x: point(guess.x, dims),
    fx: guess.fx,
    grad: [...guess.grad],
    submittedAt: isoTime(guess.submittedAt),
    readyAt: isoTime(guess.readyAt),
    source: guess.source,
  };
}

/** A stored reference run as it goes out: in the reveal (teams, board) and to the admin. */
export function referencePath(r: NewReferenceRun, dims: number): ReferencePath {
  return {
    optimizer: r.optimizer,
    ...(r.variant ? { variant: r.variant } : {}),
    lr: r.lr,
    ...(r.beta === null ? {} : { beta: r.beta }),
    steps: r.steps,
    teamId: r.teamId,
    diverged: r.diverged,
    path: r.path.map((p) => ({ x: point(p.x, dims), fx: p.fx })),
  };
}
