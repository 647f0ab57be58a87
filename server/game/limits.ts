/**
 * How often a client may try to sign in, counted in the store's rate buckets (one row per key and window, shared by
 * every instance on the database).
 *
 * The rule (A = the client's address as the server sees it, see TRUST_PROXY; N = a team number of the active game):
 * - Team login, POST /api/login {team, password, pin?, code?}:
 *   refused with 429 RATE_LIMITED, before the password is looked at, when within the failure window (10 min) A has
 *   failed 10 times as team N, or 50 times as any teams together; or when within a minute A has got in 120 times,
 *   or team N 20 times (from any address). A wrong password, PIN, team number or team code counts one failure for
 *   (A, N) and one for A; a login that gets in counts one success for A and one for N. So a correct login is refused
 *   for failures only when its own team failed 10 times from its address or its address failed 50 times in all:
 *   a class behind one router, typing a few passwords wrong, stays below that, and a script guessing passwords or
 *   codes for any team numbers is stopped after 50. (These are the defaults: LOGIN_FAILURE_LIMIT,
 *   LOGIN_ADDRESS_FAILURE_LIMIT, LOGIN_SUCCESS_LIMIT and TEAM_LOGIN_SUCCESS_LIMIT set them.)
 * - Level switch, POST /api/login {password} with a team token: counted the same way (failures for (A, N) and A,
 *   successes for A and N), refused for the team's own failures from A and the success limits only — the token
 *   already proves the team, so other teams' failures at the same address never keep it from changing level.
 * - Admin sign-in: every attempt is counted before the password is hashed and taken back when it was right; refused
 *   beyond 5 a minute, 10 in 15 minutes or 20 an hour from one address, and 20 a minute, 60 in 15 minutes or 200
 *   an hour from all addresses together. The wait grows with the failures: about a minute, then up to 15
 *   minutes, then up to an hour.
 * Windows slide: the count at a moment is this window's count plus the previous window's, weighted by the share of
 * the previous window that is still within one window length of now: the limit per window on average (a window
 * once full lets one more through as it ends, then one each window/limit); a burst at the end of one window and the
 * next window's share stay under twice the limit within one window length.
 * The check and the count of a team login run one at a time per address on each instance, admin sign-ins one at a
 * time on each instance (instances racing may let a few more through). Once the store says a counter refuses until a
 * moment, the instance remembers it and refuses until then without asking the store again: a flood of attempts
 * over a limit costs no database work (counts only grow until then, and time alone lowers them).
 */
import type { Store } from '../store/repo.ts';

/** At most `max` events within any `windowMs` (estimated from two aligned windows). */
export interface Limit {
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
}

/** One limit applied to one key (an address, a team, or everybody). */
export interface Counter {
  readonly limit: Limit;
  readonly key: string;
}

/** Where an event was counted, so that it can be taken back. */
export interface Counted {
  readonly bucket: string;
  /** The counter's limit and key (a refusal remembered for it is forgotten when the event is taken back). */
  readonly counter: string;
}

export type RateStore = Pick<Store, 'hit' | 'hits' | 'unhit' | 'pruneHits'>;

/** The configurable limits of team logins. */
export interface LoginLimits {
  /** Failed logins per (client address, team number) within the failure window. */
  loginFailureLimit: number;
  loginFailureWindowMs: number;
  /** Failed logins per client address, all teams together, within the failure window. */
  loginAddressFailureLimit: number;
  /** Logins that get in per client address per minute. */
  loginSuccessLimit: number;
  /** Logins that get in per team per minute. */
  teamLoginSuccessLimit: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  loginFailureLimit: 10,
  loginFailureWindowMs: 10 * 60_000,
  loginAddressFailureLimit: 50,
  loginSuccessLimit: 120,
  teamLoginSuccessLimit: 20,
};

/** The per-address failure limit when only the per-team one is set: "much higher", as the design asks. */
export const ADDRESS_FAILURE_FACTOR = 5;

const MINUTE = 60_000;

/** The admin sign-in's limits: per address, then for all addresses together. */
export const ADMIN_LIMITS = {
  address: [
    { name: 'admin-fail-a1', max: 5, windowMs: MINUTE },
    { name: 'admin-fail-a15', max: 10, windowMs: 15 * MINUTE },
    { name: 'admin-fail-a60', max: 20, windowMs: 60 * MINUTE },
  ],
  everyone: [
    { name: 'admin-fail-g1', max: 20, windowMs: MINUTE },
    { name: 'admin-fail-g15', max: 60, windowMs: 15 * MINUTE },
    { name: 'admin-fail-g60', max: 200, windowMs: 60 * MINUTE },
  ],
} as const satisfies Record<string, readonly Limit[]>;

/** The limits of team logins from their settings. */
export function loginLimits(settings: LoginLimits) {
  const failures = settings.loginFailureWindowMs;
  return {
    teamFailures: { name: 'login-fail-at', max: settings.loginFailureLimit, windowMs: failures },
    addressFailures: { name: 'login-fail-a', max: settings.loginAddressFailureLimit, windowMs: failures },
    addressSuccesses: { name: 'login-ok-a', max: settings.loginSuccessLimit, windowMs: MINUTE },
    teamSuccesses: { name: 'login-ok-t', max: settings.teamLoginSuccessLimit, windowMs: MINUTE },
  } satisfies Record<string, Limit>;
}

/** Where a window of `limit` starts at `now`, as a fraction of the window gone by. */
function windowAt(limit: Limit, now: number): { index: number; start: number; elapsed: number } {
  const index = Math.floor(now / limit.windowMs);
  const start = index * limit.windowMs;
  return { index, start, elapsed: (now - start) / limit.windowMs };
}

/** The sliding count: this window's events and the share of the previous window's still within reach. */
export function estimate(limit: Limit, current: number, previous: number, now: number): number {
  return current + previous * (1 - windowAt(limit, now).elapsed);
}

/** How long until the estimate falls below `limit.max` (one more event allowed); 0 when it is below now. */
export function waitMs(limit: Limit, current: number, previous: number, now: number): number {
  const { start } = windowAt(limit, now);
  const W = limit.windowMs;
  if (estimate(limit, current, previous, now) < limit.max) return 0;
  // In the next window this one is the previous: current · (1 − f) < max once f > 1 − max / current.
  // Later in this window: previous · (1 − f) + current < max once f > 1 − (max − current) / previous.
  const at = current >= limit.max ? start + W + W * (1 - limit.max / current) : start + W * (1 - (limit.max - current) / previous);
  return Math.max(1, Math.ceil(at - now) + 1);
}

/** At most this many refusals are remembered (a flood from many addresses forgets the oldest first). */
const REMEMBERED_REFUSALS = 10_000;

/** The counters behind the limits, in the store (shared by instances). */
export class RateLimits {
  /** Counter (limit and key) → the moment it allows an event again, as the store last said. */
  private readonly refusedUntil = new Map<string, number>();

  constructor(private readonly store: RateStore) {}

  /** How long until every counter allows one more event: 0 when they all do now. */
  async wait(counters: readonly Counter[], now: number): Promise<number> {
    const remembered = this.remembered(counters, now);
    if (remembered > 0) return remembered;
    let longest = 0;
    for (const c of counters) {
      const { current, previous } = await this.read(c, now);
      const wait = waitMs(c.limit, current, previous, now);
      if (wait > 0) this.remember(c, now + wait);
      longest = Math.max(longest, wait);
    }
    return longest;
  }

  /** How long a counter is known to refuse from what the store said before (0: ask the store). */
  remembered(counters: readonly Counter[], now: number): number {
    let longest = 0;
    for (const c of counters) {
      const key = counterKey(c);
      const until = this.refusedUntil.get(key);
      if (until === undefined) continue;
      if (until <= now) this.refusedUntil.delete(key);
      else longest = Math.max(longest, until - now);
    }
    return longest;
  }

  private remember(c: Counter, until: number): void {
    const key = counterKey(c);
    this.refusedUntil.delete(key);
    this.refusedUntil.set(key, until);
    if (this.refusedUntil.size > REMEMBERED_REFUSALS) this.refusedUntil.delete(this.refusedUntil.keys().next().value!);
  }

  /** Counts one event under every counter. */
  async add(counters: readonly Counter[], now: number): Promise<Counted[]> {
    const counted: Counted[] = [];
    for (const c of counters) {
      const bucket = bucketKey(c, windowAt(c.limit, now).index);
      await this.store.hit(bucket, c.limit.windowMs, now);
      counted.push({ bucket, counter: counterKey(c) });
    }
    return counted;
  }

  /**
   * Counts one event under every counter unless that takes one over its limit: then nothing stays counted and the
   * answer says how long to wait. Counting first means parallel attempts cannot all pass one check.
   */
  async reserve(counters: readonly Counter[], now: number): Promise<{ counted: Counted[] } | { waitMs: number }> {
    const remembered = this.remembered(counters, now);
    if (remembered > 0) return { waitMs: remembered };
    const counted: Counted[] = [];
    let longest = 0;
    for (const c of counters) {
      const { index } = windowAt(c.limit, now);
      const bucket = bucketKey(c, index);
      const current = await this.store.hit(bucket, c.limit.windowMs, now);
      counted.push({ bucket, counter: counterKey(c) });
      const previous = await this.store.hits(bucketKey(c, index - 1), 2 * c.limit.windowMs, now);
      // Without this event the count must have been below the limit.
      if (estimate(c.limit, current - 1, previous, now) >= c.limit.max) {
        const wait = waitMs(c.limit, current - 1, previous, now);
        this.remember(c, now + wait);
        longest = Math.max(longest, wait);
      }
    }
    if (longest === 0) return { counted };
    // Undone, but the refusal stays remembered: the counts are what they were, which refuses.
    for (const c of counted) await this.store.unhit(c.bucket);
    return { waitMs: longest };
  }

  /** Takes back events counted by `add` or `reserve` (an attempt that turned out right). */
  async takeBack(counted: readonly Counted[]): Promise<void> {
    for (const c of counted) {
      this.refusedUntil.delete(c.counter);
      await this.store.unhit(c.bucket);
    }
  }

  /** Forgets windows that no limit of up to `longestWindowMs` still reads. */
  async prune(now: number, longestWindowMs: number): Promise<void> {
    await this.store.pruneHits(now - 2 * longestWindowMs);
  }

  private async read(c: Counter, now: number): Promise<{ current: number; previous: number }> {
    const { index } = windowAt(c.limit, now);
    const current = await this.store.hits(bucketKey(c, index), c.limit.windowMs, now);
    const previous = current >= c.limit.max ? 0 : await this.store.hits(bucketKey(c, index - 1), 2 * c.limit.windowMs, now);
    return { current, previous };
  }
}

const bucketKey = (c: Counter, index: number): string => `${c.limit.name}:${c.key}:${index}`;
const counterKey = (c: Counter): string => `${c.limit.name}:${c.key}`;
