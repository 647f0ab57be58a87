/**
 * Several instances on one PostgreSQL: Socket.IO's PostgreSQL adapter joins their Socket.IO servers (LISTEN/NOTIFY
 * over the same database, no other service), and the game's events travel between instances as server-side
 * events over it. Each instance then pushes to its own sockets of both doors. On SQLite an instance is alone.
 */
import fp from 'fastify-plugin';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { GameEvent } from '../game/events.ts';
import { loneInstance, type Cluster } from '../game/ports.ts';

declare module 'fastify' {
  interface FastifyInstance {
    cluster: Cluster;
  }
}

/** The namespaces of server/realtime/socket-io.ts. */
const NAMESPACES = ['/team', '/board', '/admin'] as const;

/** The Socket.IO event the game's events travel under between instances. */
const EVENT = 'gd:event';

export default fp(
  async (app) => {
    const pool = app.database.pool;
    if (!pool) {
      app.decorate('cluster', loneInstance);
      return;
    }
    app.io.adapter(
      createAdapter(pool, {
        errorHandler: (err) => app.log.error({ err }, 'Socket.IO PostgreSQL adapter error'),
        // Instances that stop answering are dropped from fetchSockets() and friends after this long.
        heartbeatInterval: 2_000,
        heartbeatTimeout: 6_000,
      }),
    );
    // The doors' namespaces exist before the adapter's listening connection does, so it LISTENs to their channels one
    // after another as it connects. Made later, each would send its LISTEN on that connection at once, concurrently
    // (pg warns: "Calling client.query() when the client is already executing a query is deprecated").
    for (const name of NAMESPACES) app.io.of(name);
    const cluster: Cluster = {
      announce: (event: GameEvent) => {
        app.io.serverSideEmit(EVENT, event);
      },
      listen: (receive) => {
        app.io.on(EVENT, (event: GameEvent) => receive(event));
      },
    };
    app.decorate('cluster', cluster);
  },
  { name: 'cluster', dependencies: ['transport', 'store'] },
);
