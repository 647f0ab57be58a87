/**
 * Sign-in: teams log into a level with its password (after the game's deliberate wait), devices are known by
 * their token's session, and the instructor signs in with the admin password. Failed attempts are limited per
 * client address; passwords are hashed off the event loop.
 */
import { GameError } from '../../shared/errors.ts';
import type { Store } from '../store/repo.ts';
import { FailureLimiter, hashPassword, hashToken, memorablePassword, newToken, normalisePassword, sameSecret, verifyPassword } from './auth.ts';
import { sleepUntil, type Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import { acceptsLogins } from './rules.ts';
import type { GameRecord, LevelRecord, Session, TeamRecord } from './types.ts';

const ADMIN_SESSION_MS = 14 * 24 * 3600 * 1000;
/** A wrong admin password is answered after this long. */
const ADMIN_FAILURE_DELAY_MS = 1000;

export interface SignInOptions {
  loginFailureLimit: number;
  loginFailureWindowMs: number;
}

export class SignIn {
  private readonly sessions = new Map<string, Session>();
  private readonly limiter: FailureLimiter;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    events: EventBus,
    options: SignInOptions,
  ) {
    this.limiter = new FailureLimiter(options.loginFailureLimit, options.loginFailureWindowMs);
    events.on((event) => {
      if (event.type === 'sessions-ended') this.forgetSessions((s) => s.teamId === event.teamId);
      if (event.type === 'level-deleted') this.forgetSessions((s) => s.levelId === event.levelId);
      // A deleted game takes its teams' sessions with it; the cache must not outlive them.
      if (event.type === 'game') this.sessions.clear();
    });
  }

  /**
   * Logs a team into the level its password names, answering after the game's login delay on success and failure
   * alike. Failed logins are counted per client address.
   */
  async login(input: { team: number | string; password: string; pin?: string }, address: string): Promise<{ token: string; team: TeamRecord; level: LevelRecord }> {
    const started = this.clock.now();
    const limit = this.limiter.check(address, started);
    if (limit.blocked) throw new GameError('RATE_LIMITED', `Too many failed logins from this address; try again in ${Math.ceil(limit.retryAfterMs / 1000)} s`);
    // Counted now, taken back on success: parallel attempts cannot all slip past the check.
    this.limiter.fail(address, started);
    const game = await this.store.activeGame();
    const verdict = game ? await this.checkCredentials(game, input) : null;
    if (verdict) this.limiter.forgive(address, started);
    await sleepUntil(this.clock, started + (game?.loginDelayMs ?? 10_000));
    if (!verdict) throw new GameError('BAD_LOGIN', 'Wrong team number, password or PIN');
    if (!acceptsLogins(verdict.level)) throw new GameError('LEVEL_NOT_OPEN', 'This level has not started yet');
    const token = newToken();
    await this.store.createTeamSession(hashToken(token), verdict.team.id, verdict.level.id, this.clock.now());
    return { token, ...verdict };
  }

  private async checkCredentials(game: GameRecord, input: { team: number | string; password: string; pin?: string }): Promise<{ team: TeamRecord; level: LevelRecord } | null> {
    const number = typeof input.team === 'number' ? input.team : Number.parseInt(input.team.trim(), 10);
    const wanted = normalisePassword(input.password);
    const levels = await this.store.levelsOf(game.id);
    const level = levels.find((l) => sameSecret(normalisePassword(l.password), wanted));
    const team = Number.isSafeInteger(number) ? await this.store.findTeam(game.id, number) : null;
    if (!level || !team) return null;
    if (game.requirePin && !(team.pin && input.pin !== undefined && sameSecret(team.pin, input.pin.trim()))) return null;
    return { team, level };
  }

  /** The team and level a token is bound to, or UNAUTHORIZED. Tokens live in the database: they survive a restart. */
  async authenticate(token: string | undefined): Promise<Session> {
    if (!token || token.length > 200) throw new GameError('UNAUTHORIZED', 'A team token is required');
    const hash = hashToken(token);
    let session = this.sessions.get(hash);
    if (!session) {
      const found = await this.store.findTeamSession(hash);
      if (!found) throw new GameError('UNAUTHORIZED', 'Unknown or expired token');
      session = found;
      this.sessions.set(hash, session);
    }
    return session;
  }

  private forgetSessions(match: (s: Session) => boolean): void {
    for (const [hash, s] of this.sessions) if (match(s)) this.sessions.delete(hash);
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
    const generated = memorablePassword();
    await this.store.setSetting('adminPasswordHash', await hashPassword(generated));
    return { generated };
  }

  /** Admin sign-in: a wrong password is slowed (1 s) and counted like a failed team login. */
  async adminLogin(password: string, address: string): Promise<string> {
    const started = this.clock.now();
    if (this.limiter.check(address, started).blocked) throw new GameError('RATE_LIMITED', 'Too many failed sign-ins from this address; try again in a minute');
    this.limiter.fail(address, started);
    const stored = await this.store.getSetting('adminPasswordHash');
    if (!(stored !== null && (await verifyPassword(password, stored)))) {
      await sleepUntil(this.clock, started + ADMIN_FAILURE_DELAY_MS);
      throw new GameError('UNAUTHORIZED', 'Wrong admin password');
    }
    this.limiter.forgive(address, started);
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
