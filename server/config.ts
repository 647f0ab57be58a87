import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

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
  /** Failed logins allowed per client address within the window before 429. */
  loginFailureLimit: Type.Integer({ minimum: 1, default: 20 }),
  loginFailureWindowMs: Type.Integer({ minimum: 1000, default: 60_000 }),
  /** Where the built client pages are (vite build output). */
  staticDir: Type.String({ default: 'dist/client' }),
  /** Trust X-Forwarded-For (behind a reverse proxy), so failed logins are counted per real client. */
  trustProxy: Type.Boolean({ default: false }),
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
});
export type Config = Static<typeof ConfigSchema>;

/** Fills defaults and checks a partial configuration; throws a readable error on a bad value. */
export function resolveConfig(partial: Partial<Config>): Config {
  const withDefaults = Value.Default(ConfigSchema, Value.Clone(partial)) as Config;
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    throw new Error(`Invalid configuration: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
  }
  if (withDefaults.headersTimeoutMs > withDefaults.requestTimeoutMs) {
    throw new Error('Invalid configuration: headersTimeoutMs must not exceed requestTimeoutMs (the headers are part of the request)');
  }
  return withDefaults;
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
  if (env.STATIC_DIR) partial.staticDir = env.STATIC_DIR;
  if (env.TRUST_PROXY) partial.trustProxy = env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true';
  if (env.HEADERS_TIMEOUT_MS) partial.headersTimeoutMs = Number(env.HEADERS_TIMEOUT_MS);
  if (env.REQUEST_TIMEOUT_MS) partial.requestTimeoutMs = Number(env.REQUEST_TIMEOUT_MS);
  if (env.CONNECTION_TIMEOUT_MS) partial.connectionTimeoutMs = Number(env.CONNECTION_TIMEOUT_MS);
  if (env.MAX_CONNECTIONS_PER_ADDRESS) partial.maxConnectionsPerAddress = Number(env.MAX_CONNECTIONS_PER_ADDRESS);
  if (env.MAX_CONNECTIONS) partial.maxConnections = Number(env.MAX_CONNECTIONS);
  return resolveConfig(partial);
}
