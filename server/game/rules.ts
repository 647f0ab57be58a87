/**
 * The rules of GD Arena as pure functions over plain data: no I/O, no timers, the clock is a parameter.
 * The game service persists what these return; every door (HTTP, Socket.IO, WebSocket) goes through them.
 */
import type { ErrorCode } from '../../shared/errors.ts';
import type { LevelStatus } from '../../shared/protocol.ts';

export type Vec = number[];

export interface LevelState {
  id: number;
  dims: 1 | 2;
  domain: [number, number][];
  delayMs: number;
  budget: number | null;
  timeLimitMs: number | null;
  status: LevelStatus;
  openedAt: number | null;
  closesAt: number | null;
  remainingMs: number | null;
  closedAt: number | null;
  revealedAt: number | null;
}

export interface GuessRecord {
  id: number;
  teamId: number;
  levelId: number;
  x: Vec;
  fx: number;
  grad: Vec;
  submittedAt: number;
  readyAt: number;
}

export type Rejection = { ok: false; code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | Rejection;

const reject = (code: ErrorCode, message: string): Rejection => ({ ok: false, code, message });

/** Normalises a submitted x to a vector of the level's dimension, inside its domain; or INVALID_X. */
export function parseX(input: unknown, level: Pick<LevelState, 'dims' | 'domain'>): Result<Vec> {
  let x: unknown[];
  if (typeof input === 'number') x = [input];
  else if (Array.isArray(input)) x = input;
  else return reject('INVALID_X', 'x must be a number or an array of numbers');
  if (x.length !== level.dims) {
    return reject('INVALID_X', `x must have ${level.dims} coordinate${level.dims === 1 ? '' : 's'} on this level`);
  }
  const vec: Vec = [];
  for (const [i, value] of x.entries()) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return reject('INVALID_X', 'x must be finite numbers');
    const [lo, hi] = level.domain[i];
    if (value < lo || value > hi) {
      return reject('INVALID_X', `x${level.dims === 1 ? '' : `[${i}]`} = ${value} is outside the domain [${lo}, ${hi}]`);
    }
    vec.push(value);
  }
  return { ok: true, value: vec };
}

/** Whether a level accepts guesses at `now` (open, and before its time limit). */
export function acceptsGuesses(level: LevelState, now: number): boolean {
  return level.status === 'open' && (level.closesAt === null || now < level.closesAt);
}

/** Whether teams may log in to the level (anything but a draft: after it closes they come to see results). */
export function acceptsLogins(level: Pick<LevelState, 'status'>): boolean {
  return level.status !== 'draft';
}

export interface SubmitInput {
  level: LevelState;
  /** Whether the level's game is the active one: teams play only there. */
  gameActive: boolean;
  teamGuesses: readonly GuessRecord[];
  x: unknown;
  now: number;
}

/** Checks a guess against the rules; on success returns x (normalised) and readyAt. f is computed by the caller. */
export function submitGuess({ level, gameActive, teamGuesses, x, now }: SubmitInput): Result<{ x: Vec; submittedAt: number; readyAt: number }> {
  if (!gameActive) return reject('LEVEL_NOT_OPEN', 'This level belongs to a game that is not running now');
  if (!acceptsGuesses(level, now)) return reject('LEVEL_NOT_OPEN', `The level is ${level.status === 'open' ? 'over' : level.status}`);
  const parsed = parseX(x, level);
  if (!parsed.ok) return parsed;
  // A team has at most one pending guess, and it is its latest (the next is refused until then): no scan of them all.
  const last = teamGuesses[teamGuesses.length - 1];
  if (last && last.readyAt > now) return reject('GUESS_PENDING', 'Wait for the result of your previous guess');
  if (level.budget !== null && teamGuesses.length >= level.budget) {
    return reject('BUDGET_EXHAUSTED', `All ${level.budget} guesses of this level are used`);
  }
  return { ok: true, value: { x: parsed.value, submittedAt: now, readyAt: now + level.delayMs } };
}

/** Whether a guess's result may be disclosed to its team or the board at `now` (never before readyAt). */
export function isReady(guess: Pick<GuessRecord, 'readyAt'>, now: number): boolean {
  return now >= guess.readyAt;
}

export type LevelAction = 'open' | 'pause' | 'resume' | 'close' | 'reveal' | 'reset' | 'extend';

const ALLOWED: Record<Exclude<LevelAction, 'reset' | 'extend'>, LevelStatus[]> = {
  open: ['draft'],
  pause: ['open'],
  resume: ['paused'],
  close: ['open', 'paused'],
  reveal: ['closed'],
};

/**
 * The level lifecycle: draft → open ⇄ paused → closed → revealed; reset takes any level back to a draft.
 * `extendMs` moves the time limit of an open or paused level (negative shortens it).
 */
export function transition(level: LevelState, action: LevelAction, now: number, extendMs = 0): Result<LevelState> {
  if (action === 'reset') {
    return {
      ok: true,
      value: { ...level, status: 'draft', openedAt: null, closesAt: null, remainingMs: null, closedAt: null, revealedAt: null },
    };
  }
  if (action === 'extend') {
    if (level.status === 'open' && level.closesAt !== null) return { ok: true, value: { ...level, closesAt: Math.max(now, level.closesAt + extendMs) } };
    if (level.status === 'paused' && level.remainingMs !== null) return { ok: true, value: { ...level, remainingMs: Math.max(0, level.remainingMs + extendMs) } };
    if ((level.status === 'open' || level.status === 'paused') && extendMs > 0) {
      // A level without a limit gets one: `extendMs` from now.
      return level.status === 'open'
        ? { ok: true, value: { ...level, closesAt: now + extendMs } }
        : { ok: true, value: { ...level, remainingMs: extendMs } };
    }
    return reject('INVALID_TRANSITION', `Cannot change the time of a level that is ${level.status}`);
  }
  if (!ALLOWED[action].includes(level.status)) return reject('INVALID_TRANSITION', `Cannot ${action} a level that is ${level.status}`);
  switch (action) {
    case 'open':
      return { ok: true, value: { ...level, status: 'open', openedAt: now, closesAt: level.timeLimitMs === null ? null : now + level.timeLimitMs, remainingMs: null } };
    case 'pause':
      return { ok: true, value: { ...level, status: 'paused', closesAt: null, remainingMs: level.closesAt === null ? null : Math.max(0, level.closesAt - now) } };
    case 'resume':
      return { ok: true, value: { ...level, status: 'open', closesAt: level.remainingMs === null ? null : now + level.remainingMs, remainingMs: null } };
    case 'close':
      return { ok: true, value: { ...level, status: 'closed', closesAt: level.closesAt !== null && level.closesAt < now ? level.closesAt : null, remainingMs: null, closedAt: now } };
    case 'reveal':
      return { ok: true, value: { ...level, status: 'revealed', revealedAt: now } };
  }
}

/** Whether the time limit has run out: the level closes by itself (also on start-up after downtime). */
export function isExpired(level: LevelState, now: number): boolean {
  return level.status === 'open' && level.closesAt !== null && now >= level.closesAt;
}

/** Whether the level's standings are final (the settlement shows ranks and best f). */
export function isSettled(level: Pick<LevelState, 'status'>): boolean {
  return level.status === 'closed' || level.status === 'revealed';
}

/** Whether a level's points and regret are public: only from its reveal on (from them f* would follow). */
export function isRevealed(level: Pick<LevelState, 'status'>): boolean {
  return level.status === 'revealed';
}
