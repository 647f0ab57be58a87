/** Tokens, password hashes, and the secrets the server makes up: level passwords, PINs, team codes, the admin password. */
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

/** Compares two secrets in constant time (level passwords, PINs, team codes). */
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
 * Characters of team codes: capitals and digits that no one mistakes for another when reading a phone's screen aloud
 * or typing on a phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
 */
const TEAM_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const TEAM_CODE_LENGTH = 4;

/** A team code (4 of 25 characters: 390 625 codes), e.g. "K7QM". */
export function newTeamCode(): string {
  let code = '';
  for (let i = 0; i < TEAM_CODE_LENGTH; i++) code += TEAM_CODE_ALPHABET[randomInt(TEAM_CODE_ALPHABET.length)];
  return code;
}

/** Team codes are typed on phones: case, spaces and dashes do not matter. */
export const normaliseTeamCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

/** Lower case without i, l, o and the digits 0 and 1: read off the banner and typed once. */
const ADMIN_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const ADMIN_GROUPS = 4;
const ADMIN_GROUP_LENGTH = 4;

/** How many bits a generated admin password carries (16 characters of 31: about 79). */
export const ADMIN_PASSWORD_BITS = ADMIN_GROUPS * ADMIN_GROUP_LENGTH * Math.log2(ADMIN_ALPHABET.length);

/** A generated admin password, readable in the banner: four groups of four letters and digits, e.g. "k7mq-x3pd-9tfw-h2rn". */
export function newAdminPassword(): string {
  const group = () => Array.from({ length: ADMIN_GROUP_LENGTH }, () => ADMIN_ALPHABET[randomInt(ADMIN_ALPHABET.length)]).join('');
  return Array.from({ length: ADMIN_GROUPS }, group).join('-');
}
