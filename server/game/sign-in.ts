/**
 * Sign-in: teams log into a level with its password (after the game's deliberate wait); the first device of a team
 * claims it and is shown its team code, which later devices need; a device already in switches level with the
 * next password and no wait; devices are known by their token's session; the instructor signs in with the admin
 * password. Attempts are limited as limits.ts says; passwords are hashed off the event loop.
 */
import { GameError, type ErrorCode } from '../../shared/errors.ts';
import { DEFAULT_LOGIN_DELAY_MS } from '../../shared/optimizers.ts';
import type { Store } from '../store/repo.ts';
import { hashPassword, hashToken, newAdminPassword, newTeamCode, newToken, normalisePassword, normaliseTeamCode, sameSecret, verifyPassword } from './auth.ts';
import { sleepUntil, type Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import { ADDRESS_FAILURE_FACTOR, ADMIN_LIMITS, DEFAULT_LOGIN_LIMITS, loginLimits, RateLimits, type Counter, type LoginLimits } from './limits.ts';
import { acceptsLogins } from './rules.ts';
import { KeyedQueue } from './serial.ts';
import type { GameRecord, LevelRecord, Session, TeamRecord } from './types.ts';

const ADMIN_SESSION_MS = 14 * 24 * 3600 * 1000;
/** A wrong admin password is answered after this long. */
const ADMIN_FAILURE_DELAY_MS = 1000;
/** How long a team token lasts from its login: a term's games are played within it; last term's tokens are not. */
export const TEAM_SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
/** Sessions kept per team (its devices times the levels they entered); older ones end. */
export const SESSIONS_PER_TEAM = 50;
/** A cached session is checked against the store again after this long (another instance may have ended it). */
const SESSION_RECHECK_MS = 60_000;
/** How often expired sessions and old rate counters are deleted (on a login, at most this often per instance). */
const PRUNE_EVERY_MS = 10 * 60_000;

/** The limits of team logins; each unset one takes its default (the per-address failures: 5 × the per-team ones). */
export type SignInOptions = Partial<LoginLimits>;

/** A login as the doors pass it: the body of POST /api/login. */
export interface LoginInput {
  team?: number | string;
  password: string;
  pin?: string;
  code?: string;
}

export interface LoginResult {
  token: string;
  team: TeamRecord;
  level: LevelRecord;
}

interface CachedSession extends Session {
  /** The token's hash, as the store knows the session. */
  hash: string;
  createdAt: number;
  checkedAt: number;
}

/** A refusal: what the credentials were worth, or how long a login that got in must wait for its place. */
type Refusal = { code: ErrorCode; waitMs?: number };
type Verdict = { ok: true; team: TeamRecord; level: LevelRecord } | ({ ok: false } & Refusal);

const LOGIN_MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_LOGIN: 'Wrong team number, password or PIN',
  TEAM_CODE_REQUIRED: 'This team is already playing on another device: enter the team code shown there',
};

const TOO_MANY_FAILURES = 'Too many failed logins from this address, or for this team from it';
const TOO_MANY_LOGINS = 'Too many logins from this address or for this team';

export class SignIn {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly rates: RateLimits;
  private readonly limits: ReturnType<typeof loginLimits>;
  /** The check and the count of a login run one at a time per client address. */
  private readonly byAddress = new KeyedQueue();
  private readonly adminAttempts = new KeyedQueue();
  private readonly longestWindowMs: number;
  private nextPruneAt = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    options: SignInOptions = {},
  ) {
    const settings = { ...DEFAULT_LOGIN_LIMITS, ...definedOnly(options) };
    if (options.loginAddressFailureLimit === undefined && options.loginFailureLimit !== undefined) {
      settings.loginAddressFailureLimit = ADDRESS_FAILURE_FACTOR * options.loginFailureLimit;
    }
    this.limits = loginLimits(settings);
    this.rates = new RateLimits(store);
    this.longestWindowMs = Math.max(settings.loginFailureWindowMs, ...[...ADMIN_LIMITS.address, ...ADMIN_LIMITS.everyone].map((l) => l.windowMs));
    events.on((event) => {
      if (event.type === 'sessions-ended') this.forgetSessions((s) => s.teamId === event.teamId);
      if (event.type === 'level-deleted') this.forgetSessions((s) => s.levelId === event.levelId);
      // A deleted game takes its teams' sessions with it; the cache must not outlive them.
      if (event.type === 'game') this.sessions.clear();
    });
  }

  /**
   * POST /api/login. With the token of a live session (and no other team named): the same team switches to the
   * level the password names, at once. Otherwise a login as `team`, answered after the game's login delay on
   * success and failure alike; the first login of a team claims it with a new team code, later ones need it.
   */
  async login(input: LoginInput, address: string, token?: string): Promise<LoginResult> {
    if (token !== undefined) {
      const session = await this.sessionOf(token);
      const team = session && (await this.store.getTeam(session.teamId));
      if (team && (input.team === undefined || teamNumber(input.team) === team.number)) return this.switchLevel(team, input.password, address);
      if (input.team === undefined) throw new GameError('UNAUTHORIZED', 'Unknown or expired token: log in with the team number');
    }
    if (input.team === undefined) throw new GameError('INVALID_BODY', 'team is required (or a team token in Authorization to switch level)');
    return this.enter({ ...input, team: input.team }, address);
  }

  private async enter(input: LoginInput & { team: number | string }, address: string): Promise<LoginResult> {
    const started = this.clock.now();
    // An address known to be over its failure limit is refused before any read (a flood costs no database work).
    this.refuseWhenKnown({ failures: [{ limit: this.limits.addressFailures, key: address }], successes: [] }, started);
    await this.pruneNowAndThen(started);
    // One attempt of an address at a time, each in its own turn of the event loop: a burst of attempts is read and
    // counted one by one (it cannot pass one check together), and never holds result pushes behind its queries.
    const { game, verdict } = await this.byAddress.run(address, async () => {
      await yieldToLoop();
      const now = this.clock.now();
      const game = await this.store.activeGame();
      const counters = this.counters(address, game?.id ?? 0, teamNumber(input.team));
      await this.refuseWhenLimited({ failures: [counters.teamFailures, counters.addressFailures], successes: counters.successes }, now);
      const checked = game ? await this.checkCredentials(game, input) : ({ ok: false, code: 'BAD_LOGIN' } as const);
      return { game, verdict: await this.count(checked, counters, now) };
    });
    await sleepUntil(this.clock, started + (game?.loginDelayMs ?? DEFAULT_LOGIN_DELAY_MS));
    if (!verdict.ok) throw refusal(verdict);
    if (!acceptsLogins(verdict.level)) throw levelNotOpen();
    const team = verdict.team.code === null ? await this.claim(verdict.team) : verdict.team;
    return this.openSession(team, verdict.level);
  }

  private async checkCredentials(game: GameRecord, input: LoginInput & { team: number | string }): Promise<Verdict> {
    const number = teamNumber(input.team);
    const level = levelNamed(await this.store.levelsOf(game.id), input.password);
    const team = number === null ? null : await this.store.findTeam(game.id, number);
    if (!level || !team) return { ok: false, code: 'BAD_LOGIN' };
    if (game.requirePin && !(team.pin && input.pin !== undefined && sameSecret(team.pin, input.pin.trim()))) return { ok: false, code: 'BAD_LOGIN' };
    // A claimed team needs its code; an unclaimed one is claimed by this device (after the wait).
    if (team.code !== null && !(input.code !== undefined && sameSecret(team.code, normaliseTeamCode(input.code)))) return { ok: false, code: 'TEAM_CODE_REQUIRED' };
    return { ok: true, team, level };
  }

  /** The first device of a team takes it with a new code; of two at once, the other then needs that code. */
  private async claim(team: TeamRecord): Promise<TeamRecord> {
    const code = newTeamCode();
    if (!(await this.store.claimTeam(team.id, code, this.clock.now()))) throw new GameError('TEAM_CODE_REQUIRED', LOGIN_MESSAGES.TEAM_CODE_REQUIRED!);
    // The team changed: the admin panel shows its code, the rooms' cached teams reload.
    this.events.emit({ type: 'game', gameId: team.gameId });
    return { ...team, code };
  }

  /** A device of `team` enters the level `password` names, in the team's game, without the login wait. */
  private async switchLevel(team: TeamRecord, password: string, address: string): Promise<LoginResult> {
    const started = this.clock.now();
    await this.pruneNowAndThen(started);
    const counters = this.counters(address, team.gameId, team.number);
    const refusing = { failures: [counters.teamFailures], successes: counters.successes };
    // Refused at once when known to be over; read and counted one at a time per address (see enter).
    this.refuseWhenKnown(refusing, started);
    const verdict = await this.byAddress.run(address, async () => {
      await yieldToLoop();
      const now = this.clock.now();
      await this.refuseWhenLimited(refusing, now);
      const game = await this.store.getGame(team.gameId);
      const found = game?.active ? levelNamed(await this.store.levelsOf(game.id), password) : null;
      return this.count(found ? { ok: true, team, level: found } : { ok: false, code: 'BAD_LOGIN' }, counters, now);
    });
    if (!verdict.ok) throw refusal(verdict);
    if (!acceptsLogins(verdict.level)) throw levelNotOpen();
    return this.openSession(team, verdict.level);
  }

  /**
   * Counts a checked login: a failure for its team at its address and for the address; a success takes its place
   * under the success limits atomically (devices of one team at many addresses at once cannot all pass the check).
   */
  private async count(checked: Verdict, counters: ReturnType<SignIn['counters']>, now: number): Promise<Verdict> {
    if (!checked.ok) {
      await this.rates.add([counters.teamFailures, counters.addressFailures], now);
      return checked;
    }
    const place = await this.rates.reserve(counters.successes, now);
    return 'waitMs' in place ? { ok: false, code: 'RATE_LIMITED', waitMs: place.waitMs } : checked;
  }

  private async openSession(team: TeamRecord, level: LevelRecord): Promise<LoginResult> {
    const token = newToken();
    await this.store.createTeamSession(hashToken(token), team.id, level.id, this.clock.now());
    // A script logging in again and again makes no more than this many sessions of a team.
    const ended = new Set(await this.store.deleteTeamSessions(team.id, SESSIONS_PER_TEAM));
    if (ended.size) this.forgetSessions((s) => ended.has(s.hash));
    return { token, team, level };
  }

  private counters(address: string, gameId: number, number: number | null) {
    const team = `${gameId}:${number ?? '-'}`;
    return {
      teamFailures: { limit: this.limits.teamFailures, key: `${address}/${team}` },
      addressFailures: { limit: this.limits.addressFailures, key: address },
      successes: [
        { limit: this.limits.addressSuccesses, key: address },
        { limit: this.limits.teamSuccesses, key: team },
      ],
    } satisfies Record<string, Counter | Counter[]>;
  }

  /** Refuses what this instance already knows to be over a limit, without a query. */
  private refuseWhenKnown(counters: { failures: Counter[]; successes: Counter[] }, now: number): void {
    const failures = this.rates.remembered(counters.failures, now);
    if (failures > 0) throw rateLimited(TOO_MANY_FAILURES, failures);
    const successes = this.rates.remembered(counters.successes, now);
    if (successes > 0) throw rateLimited(TOO_MANY_LOGINS, successes);
  }

  private async refuseWhenLimited(counters: { failures: Counter[]; successes: Counter[] }, now: number): Promise<void> {
    const failures = await this.rates.wait(counters.failures, now);
    if (failures > 0) throw rateLimited(TOO_MANY_FAILURES, failures);
    const successes = await this.rates.wait(counters.successes, now);
    if (successes > 0) throw rateLimited(TOO_MANY_LOGINS, successes);
  }

  /** Deletes expired sessions and rate counters no limit reads any more, now and then (on a login). */
  private async pruneNowAndThen(now: number): Promise<void> {
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + PRUNE_EVERY_MS;
    await this.store.deleteTeamSessionsBefore(now - TEAM_SESSION_LIFETIME_MS);
    await this.rates.prune(now, this.longestWindowMs);
  }

  /**
   * The team and level a token is bound to, or UNAUTHORIZED. Tokens live in the database (they survive a restart)
   * and last TEAM_SESSION_LIFETIME_MS from their login.
   */
  async authenticate(token: string | undefined): Promise<Session> {
    if (!token) throw new GameError('UNAUTHORIZED', 'A team token is required');
    const session = await this.sessionOf(token);
    if (!session) throw new GameError('UNAUTHORIZED', 'Unknown or expired token');
    return { teamId: session.teamId, levelId: session.levelId };
  }

  /**
   * The session of a token: cached by the token itself (every team request asks, so no hash is computed for a known
   * one), and read again from the store now and then (another instance may have ended it).
   */
  private async sessionOf(token: string): Promise<CachedSession | null> {
    if (token.length > 200) return null;
    const now = this.clock.now();
    let session = this.sessions.get(token);
    if (!session || now - session.checkedAt > SESSION_RECHECK_MS) {
      const hash = hashToken(token);
      const found = await this.store.findTeamSession(hash);
      if (!found) {
        this.sessions.delete(token);
        return null;
      }
      session = { ...found, hash, checkedAt: now };
      this.sessions.set(token, session);
    }
    if (now - session.createdAt > TEAM_SESSION_LIFETIME_MS) {
      this.sessions.delete(token);
      return null;
    }
    return session;
  }

  private forgetSessions(match: (s: CachedSession) => boolean): void {
    for (const [token, s] of this.sessions) if (match(s)) this.sessions.delete(token);
  }

  // ----- the instructor -----

  /** Sets the admin password from the configuration, or generates one on first start (returned to be printed once). */
  async initAdminPassword(configured: string | undefined): Promise<{ generated: string | null }> {
    const stored = await this.store.getSetting('adminPasswordHash');
    if (configured) {
      if (!stored || !(await verifyPassword(configured, stored))) {
        // A new password signs everyone out: a token handed out under the old one (leaked, a shared laptop) ends.
        await this.store.setSetting('adminPasswordHash', await hashPassword(configured));
        await this.store.deleteAllAdminSessions();
      }
      return { generated: null };
    }
    if (stored) return { generated: null };
    const generated = newAdminPassword();
    await this.store.setSetting('adminPasswordHash', await hashPassword(generated));
    return { generated };
  }

  /**
   * Admin sign-in: each attempt is counted before the password is hashed (per address and for everyone, see
   * limits.ts) and taken back when it was right; a wrong password is answered after 1 s.
   */
  async adminLogin(password: string, address: string): Promise<string> {
    const started = this.clock.now();
    const counters = [...ADMIN_LIMITS.address.map((limit) => ({ limit, key: address })), ...ADMIN_LIMITS.everyone.map((limit) => ({ limit, key: '*' }))];
    // Refused at once when known to be over; otherwise one attempt at a time, each in its own turn of the event loop,
    // so that a burst of wrong passwords never holds result pushes behind its reads and writes.
    const known = this.rates.remembered(counters, started);
    if (known > 0) throw rateLimited('Too many failed admin sign-ins', known);
    const reserved = await this.adminAttempts.run('admin', async () => {
      await yieldToLoop();
      return this.rates.reserve(counters, this.clock.now());
    });
    if ('waitMs' in reserved) throw rateLimited('Too many failed admin sign-ins', reserved.waitMs);
    const stored = await this.store.getSetting('adminPasswordHash');
    if (!(stored !== null && (await verifyPassword(password, stored)))) {
      await sleepUntil(this.clock, started + ADMIN_FAILURE_DELAY_MS);
      throw new GameError('UNAUTHORIZED', 'Wrong admin password');
    }
    await this.rates.takeBack(reserved.counted);
    const token = newToken();
    await this.store.createAdminSession(hashToken(token), this.clock.now() + ADMIN_SESSION_MS);
    return token;
  }

  async authenticateAdmin(token: string | undefined): Promise<void> {
    if (!token || token.length > 200) throw new GameError('UNAUTHORIZED', 'An admin token is required');
    const session = await this.store.findAdminSession(hashToken(token));
    if (!session || session.expiresAt < this.clock.now()) throw new GameError('UNAUTHORIZED', 'Unknown or expired admin token');
  }

  async adminLogout(token: string): Promise<void> {
    await this.store.deleteAdminSession(hashToken(token));
  }
}

/** The team number of a login body (a number or a numeric string); null when it is neither. */
function teamNumber(team: number | string): number | null {
  const number = typeof team === 'number' ? team : Number.parseInt(team.trim(), 10);
  return Number.isSafeInteger(number) ? number : null;
}

/** The level whose password this is: every level is compared, each in constant time. */
function levelNamed(levels: readonly LevelRecord[], password: string): LevelRecord | null {
  const wanted = normalisePassword(password);
  let found: LevelRecord | null = null;
  for (const level of levels) if (sameSecret(normalisePassword(level.password), wanted) && !found) found = level;
  return found;
}

/** 429 with how long to wait: `params.retryAfterS` (the HTTP door also sends it as Retry-After). */
function rateLimited(what: string, waitMs: number): GameError {
  const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
  return new GameError('RATE_LIMITED', `${what}; try again in ${retryAfterS} s`, { params: { retryAfterS } });
}

function refusal(r: Refusal): GameError {
  if (r.code === 'RATE_LIMITED') return rateLimited(TOO_MANY_LOGINS, r.waitMs ?? 1000);
  return new GameError(r.code, LOGIN_MESSAGES[r.code] ?? r.code);
}

const levelNotOpen = () => new GameError('LEVEL_NOT_OPEN', 'This level has not started yet');

/** Lets timers and I/O run between queued logins: the store's promises alone never yield the event loop. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
