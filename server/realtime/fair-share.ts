/**
 * Fair shares: no socket and no team token may crowd out the others. Every door (Socket.IO, the plain WebSocket,
 * HTTP team calls) admits a client's message through here before it reaches the game.
 *
 * The rule: a socket or token may always have one message being handled — a client that waits for each answer
 * (a page, a script sending guesses as fast as results come) is never refused, since the server's own pace bounds
 * it. Messages sent while earlier ones are still being handled wait in a bounded queue and enter it within a rate
 * (a token bucket). Beyond that a message is refused without being read, and a socket that keeps sending into
 * refusals is closed as a flood. The refusal costs counting only: no parsing, no game.
 */
import type { FastifyInstance } from 'fastify';
import { hashToken } from '../game/auth.ts';

/** The numbers of the fair share (see the file comment). */
export interface FairShareLimits {
  /** Messages per second a socket or token may send while an earlier one is still being handled… */
  rate: number;
  /** …and how many of them it may save up. */
  burst: number;
  /** Messages a socket may have waiting behind the one being handled. */
  queue: number;
  /** Messages and HTTP calls one token may have in flight across all its sockets and calls. */
  tokenInFlight: number;
  /** Refusals a socket may collect (refilled at `rate`) before it is closed as a flood. */
  refusals: number;
  /** How long a token whose socket was closed as a flood is refused new sockets. */
  holdOffMs: number;
  /** Socket.IO packets per connection that no namespace accounts for (pongs, handshakes, junk): the burst… */
  packetBurst: number;
  /** …and the rate. */
  packetRate: number;
}

/**
 * A page sends a handful of messages a minute, a script one at a time: these bounds are far above both, and far
 * below what holds the event loop.
 */
export const FAIR_SHARE: FairShareLimits = {
  rate: 20,
  burst: 40,
  queue: 16,
  tokenInFlight: 32,
  refusals: 100,
  holdOffMs: 5_000,
  packetBurst: 100,
  packetRate: 10,
};

/** The sign-in refuses longer tokens without looking them up: they need no share. */
const MAX_TOKEN_LENGTH = 200;

/** A token bucket: `capacity` units, refilled at `perSecond`; `now` is in milliseconds. */
export class Bucket {
  private level: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.level = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (now <= this.at) return;
    this.level = Math.min(this.capacity, this.level + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
  }

  /** Whether a unit is there, without taking it. */
  has(now: number): boolean {
    this.refill(now);
    return this.level >= 1;
  }

  /** Takes a unit if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.level < 1) return false;
    this.level -= 1;
    return true;
  }

  full(now: number): boolean {
    this.refill(now);
    return this.level >= this.capacity;
  }

  /** Milliseconds until a unit is there. */
  waitMs(now: number): number {
    this.refill(now);
    return this.level >= 1 ? 0 : Math.ceil(((1 - this.level) * 1000) / this.perSecond);
  }
}

/** The share of a socket or a token: what it has in flight, and the rate at which it may add to that. */
export class Share {
  inFlight = 0;
  private readonly bucket: Bucket;

  constructor(
    limits: FairShareLimits,
    private readonly maxInFlight: number,
    now: number,
  ) {
    this.bucket = new Bucket(limits.burst, limits.rate, now);
  }

  /** Whether one more message fits: always when nothing is in flight, else within the bound and the rate. */
  fits(now: number): boolean {
    return this.inFlight === 0 || (this.inFlight < this.maxInFlight && this.bucket.has(now));
  }

  /** Counts a message that `fits`. */
  take(now: number): void {
    if (this.inFlight > 0) this.bucket.take(now);
    this.inFlight++;
  }

  done(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Milliseconds until a refused message would fit (if what is in flight stays). */
  retryMs(now: number): number {
    return Math.max(1000, this.bucket.waitMs(now));
  }

  /** Nothing in flight and nothing used: as good as a new share. */
  unused(now: number): boolean {
    return this.inFlight === 0 && this.bucket.full(now);
  }
}

/** A team token's share, held by the sockets open with it. */
export class TokenShare extends Share {
  holders = 0;
  heldOffUntil = 0;
}

/**
 * The shares of every team token, keyed by a hash of the token (the token itself is kept nowhere). Shares nobody
 * holds and nobody used lately are dropped as the map grows.
 */
export class FairShare {
  private readonly tokens = new Map<string, TokenShare>();
  private sweepAt = 1024;

  constructor(readonly limits: FairShareLimits = FAIR_SHARE) {}

  /** The share of a team token; null for a token too long to be one (it is refused without a look-up). */
  token(token: string, now: number): TokenShare | null {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    const key = hashToken(token);
    let share = this.tokens.get(key);
    if (!share) {
      if (this.tokens.size >= this.sweepAt) this.sweep(now);
      share = new TokenShare(this.limits, this.limits.tokenInFlight, now);
      this.tokens.set(key, share);
    }
    return share;
  }

  /** A socket holds its token's share while open, so that the share outlives no count it made. */
  hold(share: TokenShare | null): void {
    if (share) share.holders++;
  }

  release(share: TokenShare | null): void {
    if (share) share.holders = Math.max(0, share.holders - 1);
  }

  /** After a flood, new sockets of the token are refused for a while (reconnecting is no way around the close). */
  holdOff(share: TokenShare | null, now: number): void {
    if (share) share.heldOffUntil = now + this.limits.holdOffMs;
  }

  heldOff(share: TokenShare | null, now: number): boolean {
    return share !== null && share.heldOffUntil > now;
  }

  /** A new socket's inbox. */
  inbox<T>(token: TokenShare | null, handle: (item: T) => Promise<void>, log: (err: unknown) => void, now: number): Inbox<T> {
    return new Inbox(this.limits, token, handle, log, now);
  }

  private sweep(now: number): void {
    for (const [key, share] of this.tokens) {
      if (share.holders === 0 && share.heldOffUntil <= now && share.unused(now)) this.tokens.delete(key);
    }
    this.sweepAt = Math.max(1024, 2 * this.tokens.size);
  }
}

/** What became of a message offered to an inbox. */
export type Admission = 'taken' | 'refused' | 'flood' | 'closed';

/**
 * One socket's messages: handled one at a time in arrival order, within the socket's and its token's share.
 * `offer` only counts; the door answers a refusal and closes the socket on a flood.
 */
export class Inbox<T> {
  private readonly own: Share;
  private readonly refusals: Bucket;
  private readonly waiting: T[] = [];
  private running = false;
  private closed = false;

  constructor(
    limits: FairShareLimits,
    private readonly token: TokenShare | null,
    private readonly handle: (item: T) => Promise<void>,
    private readonly log: (err: unknown) => void,
    now: number,
  ) {
    this.own = new Share(limits, 1 + limits.queue, now);
    this.refusals = new Bucket(limits.refusals, limits.rate, now);
  }

  offer(item: T, now: number): Admission {
    if (this.closed) return 'closed';
    if (this.own.fits(now) && (this.token === null || this.token.fits(now))) {
      this.own.take(now);
      this.token?.take(now);
      this.waiting.push(item);
      if (!this.running) this.drain().catch(this.log);
      return 'taken';
    }
    if (this.refusals.take(now)) return 'refused';
    this.close();
    return 'flood';
  }

  /** Drops what waits; later offers are 'closed'. (The message being handled finishes.) */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const _ of this.waiting.splice(0)) this.finished();
  }

  private finished(): void {
    this.own.done();
    this.token?.done();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const item = this.waiting.shift() as T;
      try {
        await this.handle(item);
      } catch (err) {
        this.log(err);
      } finally {
        this.finished();
      }
    }
    this.running = false;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    fairShare: FairShare;
  }
}

/** The app's fair shares, made by whichever door registers first (all doors share one per app). */
export function useFairShare(app: FastifyInstance): FairShare {
  if (!app.hasDecorator('fairShare')) app.decorate('fairShare', new FairShare());
  return app.fairShare;
}
