/**
 * The server: Fastify with its plugins, the app's services and the routes. Lives at the top of server/: the app as
 * a plugin tree (this file), the process (main.ts), the configuration (config.ts), the error mapper of every door
 * (errors.ts) and worker threads (workers.ts). The folders: game/ (the rules and the services that run a class),
 * math/ (level functions), reference/ (TensorFlow.js optimizers), store/ (the database), http/ and realtime/ (the
 * doors), plugins/ (wiring).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { loginLimitSettings, resolveConfig, type Config } from './config.ts';
import type { Clock } from './game/clock.ts';
import storePlugin from './plugins/store.ts';
import gamePlugin from './plugins/game.ts';
import referencePlugin from './plugins/reference.ts';
import transportPlugin, { type PushObserver } from './realtime/transport.ts';
import clusterPlugin from './realtime/cluster.ts';
import socketIoPlugin from './realtime/socket-io.ts';
import wsPlugin from './realtime/ws.ts';
import { installErrorHandler } from './http/errors.ts';
import { serverOptions } from './http/server-options.ts';
import staticFiles from './http/static.ts';
import openapi from './http/openapi.ts';
import rateLimitsPlugin from './http/rate-limits.ts';
import teamRoutes from './http/team.ts';
import boardRoutes from './http/board.ts';
import adminRoutes from './http/admin.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const VERSION: string = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    appInfo: { version: string; joinUrls(): string[] };
  }
}

/** The addresses a phone on the classroom network can use to reach this machine. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

// Bodies are checked strictly (no coercion: "5" is not a number, unknown fields are refused, not stripped);
// params and query strings arrive as text and are coerced.
const ajvBody = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false, strict: false });
const ajvCoerce = new Ajv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true, strict: false });

/** What tests may pass beside the configuration: a fake clock, and an observer of every push. */
export interface AppOptions {
  clock?: Clock;
  observe?: PushObserver;
}

/** The whole app as a plugin tree: external plugins → services → routes. Only main.ts listens. */
export async function buildApp(options: Partial<Config> & AppOptions = {}): Promise<FastifyInstance> {
  const { clock, observe, ...partial } = options;
  const config = resolveConfig(partial);
  const app = Fastify({
    // Logger (tokens redacted), timeouts and the connection caps: see http/server-options.ts.
    ...serverOptions(config),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    forceCloseConnections: true,
    // __proto__ / constructor keys are refused as invalid JSON rather than silently dropped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? ajvBody : ajvCoerce).compile(schema));
  // A JSON content-type with no body (a script's `curl -X POST -H 'content-type: application/json'` on open or reset)
  // is an empty body, not an error; anything else goes through Fastify's own parser (proto poisoning refused).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, done);
  });
  // A call without a body is a call with an empty one: `POST /levels/1/open` needs no `{}` (a route whose body has
  // required fields still refuses it).
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });
  app.decorate('config', config);
  installErrorHandler(app);

  // External plugins
  await app.register(openapi);
  await app.register(staticFiles, { root: resolve(ROOT, config.staticDir) });
  await app.register(transportPlugin, { observe });

  // Services
  await app.register(storePlugin, { databaseUrl: config.databaseUrl, guessWriter: config.guessWriter });
  await app.register(clusterPlugin);
  await app.register(referencePlugin);
  await app.register(gamePlugin, { clock, signIn: loginLimitSettings(config), adminPassword: config.adminPassword });
  app.decorate('appInfo', {
    version: VERSION,
    joinUrls: () => {
      const port = (() => {
        const address = app.server.address();
        return address && typeof address === 'object' ? address.port : config.port;
      })();
      const hosts = config.host === '0.0.0.0' || config.host === '::' ? lanAddresses() : [config.host];
      return (hosts.length ? hosts : ['127.0.0.1']).map((h) => `http://${h}:${port}/`);
    },
  });

  // Doors
  await app.register(socketIoPlugin);
  await app.register(wsPlugin);
  await app.register(rateLimitsPlugin);
  await app.register(teamRoutes);
  await app.register(boardRoutes);
  await app.register(adminRoutes, { prefix: '/api/admin' });

  return app;
}
