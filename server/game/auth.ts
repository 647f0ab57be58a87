/** Tokens, password hashes and the failed-login limiter. The limiter's clock is a parameter. */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt on libuv's thread pool: a burst of sign-ins never holds the event loop (each hash costs ~80 ms of CPU). */
const scryptAsync = (password: string, salt: string, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(password, salt, length, (err, key) => (err ? reject(err) : resolve(key))));

/** An unguessable bearer token (256 bits). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as their hash: a copy of the database does not log anyone in. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** scrypt with a random salt, as `scrypt$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16).toString('hex');
  return `scrypt$${salt}$${(await scryptAsync(password, salt, 32)).toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = await scryptAsync(password, salt, expected.length);
  return timingSafeEqual(actual, expected);
}

/** Compares two secrets in constant time (level passwords, PINs). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Level passwords are typed on phones: case and surrounding spaces do not matter. */
export const normalisePassword = (p: string): string => p.trim().toLowerCase();

const WORDS = [
  'apple', 'bamboo', 'cedar', 'delta', 'ember', 'falcon', 'garnet', 'harbor', 'island', 'jade', 'kite', 'lotus', 'maple',
  'nova', 'orbit', 'pearl', 'quartz', 'river', 'saffron', 'tiger', 'umber', 'violet', 'willow', 'yarrow', 'zephyr',
  'breeze', 'comet', 'dune', 'fern', 'glacier', 'hazel', 'iris', 'lemon', 'meadow', 'nectar', 'otter', 'panda', 'quill',
  'rain', 'summit', 'tulip', 'valley', 'walnut', 'aurora', 'basil', 'coral', 'dragon', 'echo', 'forest', 'ginger',
];

/** A memorable password an instructor can read out: two words and a number, e.g. "maple-river-42". */
export function memorablePassword(): string {
  const a = WORDS[randomInt(WORDS.length)];
  let b = WORDS[randomInt(WORDS.length)];
  while (b === a) b = WORDS[randomInt(WORDS.length)];
  return `${a}-${b}-${randomInt(10, 100)}`;
}

/** A 4-digit team PIN. */
export const newPin = (): string => String(randomInt(0, 10_000)).padStart(4, '0');

/**
 * Counts failed logins per client address in a sliding window. Successful logins never count, so a whole class
 * behind one router can log in together; a parallel password guesser is refused once it reaches the limit.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether the address has used up its failures; `retryAfterMs` when it has. */
  check(address: string, now: number): { blocked: boolean; retryAfterMs: number } {
    const times = this.recent(address, now);
    if (times.length < this.limit) return { blocked: false, retryAfterMs: 0 };
    return { blocked: true, retryAfterMs: times[0] + this.windowMs - now };
  }

  fail(address: string, now: number): void {
    const times = this.recent(address, now);
    times.push(now);
    this.failures.set(address, times);
  }

  /**
   * Takes back one failure counted at `at` (an attempt is counted when it starts, so a burst of parallel attempts
   * cannot all pass the check before any of them fails; a success then takes its count back).
   */
  forgive(address: string, at: number): void {
    const times = this.failures.get(address);
    const i = times?.lastIndexOf(at) ?? -1;
    if (i >= 0) times!.splice(i, 1);
    if (times?.length === 0) this.failures.delete(address);
  }

  private recent(address: string, now: number): number[] {
    const times = (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.failures.delete(address);
    else this.failures.set(address, times);
    return times;
  }
}
