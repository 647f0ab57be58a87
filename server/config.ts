import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isIP } from 'node:net';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './game/limits.ts';

const MAX_PROXY_HOPS = 10;

/** The server's configuration, read once from the environment and checked against this schema. */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  host: Type.String({ default: '0.0.0.0' }),
  databaseUrl: Type.String({ default: 'file:./data/gd-arena.db' }),
  /** When unset: generated on first start, printed once, stored hashed. */
  adminPassword: Type.Optional(Type.String({ minLength: 1 })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  /** Seed the demo game of the design when the database has no game. */
  seedDemo: Type.Boolean({ default: true }),
  /** Failed logins per (client address, team number) within the window before 429 (the rule: server/game/limits.ts). */
  loginFailureLimit: Type.Integer({ minimum: 1, default: DEFAULT_LOGIN_LIMITS.loginFailureLimit }),
  loginFailureWindowMs: Type.Integer({ minimum: 1000, default: DEFAULT_LOGIN_LIMITS.loginFailureWindowMs }),
  /** Failed logins per client address, all teams together, within the window; unset: 5 × loginFailureLimit. */
  loginAddressFailureLimit: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Logins that get in, per client address per minute. */
  loginSuccessLimit: Type.Integer({ minimum: 1, default: DEFAULT_LOGIN_LIMITS.loginSuccessLimit }),
  /** Logins that get in, per team per minute. */
  teamLoginSuccessLimit: Type.Integer({ minimum: 1, default: DEFAULT_LOGIN_LIMITS.teamLoginSuccessLimit }),
  /**
   * How a SQLite server writes guesses: `grouped` (its own connection, the guesses of one turn of the event loop in
   * one commit) or `prisma` (one Prisma insert each: slower, and what remains if the fast path ever misbehaves).
   */
  guessWriter: Type.Union([Type.Literal('grouped'), Type.Literal('prisma')], { default: 'grouped' }),
  /** Where the built client pages are (vite build output). */
  staticDir: Type.String({ default: 'dist/client' }),
  /** A client must send its request line and headers within this, */
  headersTimeoutMs: Type.Integer({ minimum: 1000, default: 10_000 }),
  /** and its whole request (body included) within this. */
  requestTimeoutMs: Type.Integer({ minimum: 1000, default: 30_000 }),
  /** A connection idle this long is closed: above the longest wait the server makes (login delay ≤ 120 s). */
  connectionTimeoutMs: Type.Integer({ minimum: 1000, default: 150_000 }),
  /** Open connections allowed from one address (0: no cap; not applied behind a trusted proxy). */
  maxConnectionsPerAddress: Type.Integer({ minimum: 0, default: 1000 }),
  /** Open connections allowed in all; kept below the file-descriptor limit (`ulimit -n`) less a reserve. */
  maxConnections: Type.Integer({ minimum: 16, default: 10_000 }),
  /**
   * Behind a reverse proxy, whose X-Forwarded-For to believe, so that logins are counted per real client: the
   * proxies' addresses and CIDRs (comma-separated), or `trustHops(n)` for n proxies in front (TRUST_PROXY=n).
   * Never "trust everything".
   */
  trustProxy: Type.Union([Type.Literal(false), Type.String({ minLength: 1 }), Type.Function([Type.String(), Type.Number()], Type.Boolean())], { default: false }),
});
export type Config = Static<typeof ConfigSchema>;

/** Fills defaults and checks a partial configuration; throws a readable error on a bad value. */
export function resolveConfig(partial: Partial<Config>): Config {
  const { trustProxy, ...rest } = partial;
  if ((trustProxy as unknown) === true) throw new Error(TRUST_EVERYTHING);
  if (typeof trustProxy === 'string') checkProxyList(trustProxy);
  // TypeBox cannot clone a function: the hop count's rule is checked by its type and put back as it is.
  const hopRule = typeof trustProxy === 'function' ? trustProxy : null;
  const withDefaults = Value.Default(ConfigSchema, { ...Value.Clone(rest), ...(trustProxy === undefined || hopRule ? {} : { trustProxy }) }) as Config;
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    throw new Error(`Invalid configuration: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
  }
  if (withDefaults.headersTimeoutMs > withDefaults.requestTimeoutMs) {
    throw new Error('Invalid configuration: headersTimeoutMs must not exceed requestTimeoutMs (the headers are part of the request)');
  }
  return hopRule ? { ...withDefaults, trustProxy: hopRule } : withDefaults;
}

/** Reads the environment (the only place that does). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const partial: Partial<Config> = {};
  if (env.PORT !== undefined) partial.port = Number(env.PORT);
  if (env.HOST) partial.host = env.HOST;
  if (env.DATABASE_URL) partial.databaseUrl = env.DATABASE_URL;
  if (env.ADMIN_PASSWORD) partial.adminPassword = env.ADMIN_PASSWORD;
  if (env.LOG_LEVEL) partial.logLevel = env.LOG_LEVEL as Config['logLevel'];
  if (env.SEED_DEMO) partial.seedDemo = env.SEED_DEMO !== '0' && env.SEED_DEMO !== 'false';
  if (env.LOGIN_FAILURE_LIMIT) partial.loginFailureLimit = Number(env.LOGIN_FAILURE_LIMIT);
  if (env.LOGIN_ADDRESS_FAILURE_LIMIT) partial.loginAddressFailureLimit = Number(env.LOGIN_ADDRESS_FAILURE_LIMIT);
  if (env.LOGIN_SUCCESS_LIMIT) partial.loginSuccessLimit = Number(env.LOGIN_SUCCESS_LIMIT);
  if (env.TEAM_LOGIN_SUCCESS_LIMIT) partial.teamLoginSuccessLimit = Number(env.TEAM_LOGIN_SUCCESS_LIMIT);
  if (env.STATIC_DIR) partial.staticDir = env.STATIC_DIR;
  if (env.GUESS_WRITER) partial.guessWriter = env.GUESS_WRITER as Config['guessWriter'];
  if (env.TRUST_PROXY) partial.trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (env.HEADERS_TIMEOUT_MS) partial.headersTimeoutMs = Number(env.HEADERS_TIMEOUT_MS);
  if (env.REQUEST_TIMEOUT_MS) partial.requestTimeoutMs = Number(env.REQUEST_TIMEOUT_MS);
  if (env.CONNECTION_TIMEOUT_MS) partial.connectionTimeoutMs = Number(env.CONNECTION_TIMEOUT_MS);
  if (env.MAX_CONNECTIONS_PER_ADDRESS) partial.maxConnectionsPerAddress = Number(env.MAX_CONNECTIONS_PER_ADDRESS);
  if (env.MAX_CONNECTIONS) partial.maxConnections = Number(env.MAX_CONNECTIONS);
  return resolveConfig(partial);
}

const TRUST_EVERYTHING =
  'TRUST_PROXY=true would let every client choose its own address with an X-Forwarded-For header (and escape the ' +
  'login limits): set TRUST_PROXY=1 for one reverse proxy in front of the server (the number of proxies), or the ' +
  "proxy's addresses, e.g. TRUST_PROXY=127.0.0.1 or TRUST_PROXY=10.0.0.2,10.0.1.0/24";

/** Named ranges proxy-addr knows. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function checkProxyList(list: string): void {
  for (const entry of list.split(',').map((e) => e.trim())) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const okBits = bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_RANGES.has(entry) || (family !== 0 && okBits && extra === undefined))) {
      throw new Error(`TRUST_PROXY: "${entry}" is not an address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`);
    }
  }
}

/**
 * `hops` proxies in front of the server: the client is the address the outermost one saw (each proxy appends the
 * address it saw to X-Forwarded-For, nginx with $proxy_add_x_forwarded_for), whatever the client wrote there itself.
 * The server must then be reachable only through the proxies (HOST=127.0.0.1, or a firewall). Passed to Fastify as
 * a function: it trusts nobody for a bare number.
 */
export function trustHops(hops: number): (address: string, hop: number) => boolean {
  if (!Number.isInteger(hops) || hops < 1 || hops > MAX_PROXY_HOPS) throw new Error(`TRUST_PROXY: the number of proxies must be 1 to ${MAX_PROXY_HOPS}, not ${hops}`);
  return (_address, hop) => hop < hops;
}

/**
 * TRUST_PROXY as written in the environment: unset, 0 or false: no proxy; a number n: n proxies in front (trustHops);
 * otherwise the proxies' addresses and CIDRs, comma-separated. `true` (or `*`) is refused with a clear message.
 */
export function parseTrustProxy(value: string): Config['trustProxy'] {
  const v = value.trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (['true', 'yes', '*', 'all'].includes(v.toLowerCase())) throw new Error(TRUST_EVERYTHING);
  if (/^[0-9]+$/.test(v)) return trustHops(Number(v));
  checkProxyList(v);
  return v;
}

/** The settings of the sign-in limits (server/game/limits.ts), for the game. */
export function loginLimitSettings(config: Config): Partial<LoginLimits> {
  return {
    loginFailureLimit: config.loginFailureLimit,
    loginFailureWindowMs: config.loginFailureWindowMs,
    loginAddressFailureLimit: config.loginAddressFailureLimit,
    loginSuccessLimit: config.loginSuccessLimit,
    teamLoginSuccessLimit: config.teamLoginSuccessLimit,
  };
}
