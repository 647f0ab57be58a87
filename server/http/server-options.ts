/**
 * The HTTP server under Fastify, built to outlast slow and greedy clients (issue 16, point 4): every phase of a
 * connection has a time limit, one address holds a bounded share of the connections, and the whole process stays
 * below its file-descriptor limit. Also the request log, with tokens taken out.
 */
import type { FastifyRequest, FastifyServerFactory, FastifyServerOptions, RawServerDefault } from 'fastify';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.ts';

/** File descriptors kept for everything that is not a client connection: the database, its WAL, static files, workers. */
const FD_RESERVE = 256;

/** The process's soft limit on open files (`ulimit -n`), or null where /proc does not say (not Linux). */
export function fileDescriptorLimit(): number | null {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return null;
    return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
  } catch {
    return null;
  }
}

/** How many client connections the server accepts at once: the configured cap, kept under the descriptor limit. */
export function connectionCap(config: Pick<Config, 'maxConnections'>, fdLimit = fileDescriptorLimit()): number {
  return fdLimit === null ? config.maxConnections : Math.max(16, Math.min(config.maxConnections, fdLimit - FD_RESERVE));
}

/** A URL with the values of token-carrying query parameters replaced (`/api/ws?token=…` is how scripts connect). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|auth|code|pin)=)[^&#]*/gi, '$1[redacted]');
}

/**
 * An HTTP server whose connections are counted per remote address: past `perAddress` open connections from one
 * address, a new one is closed at once. Behind a trusted proxy every connection comes from the proxy, so the cap
 * is the proxy's to apply (docs/OPERATIONS.md) and only the total cap holds here.
 */
export function cappedServer(options: { perAddress: number; total: number; http: ServerOptions }): { server: Server; open: Map<string, number> } {
  const open = new Map<string, number>();
  const server = createServer(options.http);
  server.maxConnections = options.total;
  if (options.perAddress > 0) {
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? '';
      const count = (open.get(address) ?? 0) + 1;
      if (count > options.perAddress) {
        socket.destroy();
        return;
      }
      open.set(address, count);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left <= 0) open.delete(address);
        else open.set(address, left);
      });
    });
  }
  return { server, open };
}

/** The Fastify constructor options for the network and the log, from the configuration. */
export function serverOptions(config: Config): {
  logger: FastifyServerOptions['logger'];
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  serverFactory: FastifyServerFactory<RawServerDefault>;
} {
  const http: ServerOptions = {
    // A client must send its request line and headers within this (a slowloris never finishes them)…
    headersTimeout: config.headersTimeoutMs,
    // …and its whole request, body included, within this (a trickled body is cut).
    requestTimeout: config.requestTimeoutMs,
    // Node checks the two limits above on this period (default 30 s): the limits hold within a second.
    connectionsCheckingInterval: 1000,
    // Fastify's own default: longer than the idle timeout of a proxy's upstream pool (nginx: 60 s).
    keepAliveTimeout: 72_000,
  };
  const total = connectionCap(config);
  return {
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: {
              req: (request: FastifyRequest) => ({
                method: request.method,
                url: redactUrl(request.url),
                host: request.headers.host,
                remoteAddress: request.ip,
                remotePort: request.socket?.remotePort,
              }),
            },
            // A logged request or error that carries its headers never shows a credential.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
          },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 72_000,
    // Idle time allowed once a request is in: above the longest answer the server makes a client wait for (a login
    // waits the game's login delay, at most 120 s; `GET /api/guesses/:id?wait=1`, 60 s). WebSockets clear it.
    connectionTimeout: config.connectionTimeoutMs,
    serverFactory: (handler) => {
      const { server } = cappedServer({ perAddress: config.trustProxy ? 0 : config.maxConnectionsPerAddress, total, http });
      server.on('request', handler);
      // With a serverFactory, Fastify leaves these to the factory.
      server.keepAliveTimeout = http.keepAliveTimeout!;
      server.requestTimeout = config.requestTimeoutMs;
      server.setTimeout(config.connectionTimeoutMs);
      return server;
    },
  };
}
