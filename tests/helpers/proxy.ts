/**
 * A small TCP load balancer for tests of several instances: each new connection goes to the next instance that
 * accepts it (round robin), bytes are piped both ways, and a dead instance is skipped. WebSocket-only Socket.IO
 * clients need nothing more (no sticky sessions); a client whose instance dies reconnects through it to another.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  port: number;
  url: string;
  /** Connections handed to each backend port so far. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backends: number[]): Promise<Balancer> {
  let next = 0;
  const counts = new Map<number, number>();
  const open = new Set<Socket>();
  const connect = (client: Socket, tries: number) => {
    if (tries >= backends.length) return void client.destroy();
    const port = backends[next++ % backends.length];
    const upstream = createConnection({ host: '127.0.0.1', port });
    open.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      counts.set(port, (counts.get(port) ?? 0) + 1);
      client.pipe(upstream).pipe(client);
      upstream.on('close', () => client.destroy());
    });
    upstream.on('error', () => {
      // Refused before it connected (the instance is down): the next one. Cut later: the client sees it cut.
      if (!connected) connect(client, tries + 1);
      else client.destroy();
    });
    upstream.on('close', () => open.delete(upstream));
  };
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('error', () => undefined);
    client.on('close', () => open.delete(client));
    connect(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    counts,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
