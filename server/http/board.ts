import type { FastifyInstance } from 'fastify';
import { BoardSnapshot, HealthResponse } from '../../shared/protocol.ts';
import { InfoResponse } from './team.ts';

/** Public calls: the board snapshot, health, and the join addresses for QR codes. */
export default async function boardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/board', { schema: { response: { 200: BoardSnapshot } } }, async () => app.game.board());

  app.get('/api/health', { schema: { response: { 200: HealthResponse } } }, async () => {
    const writable = app.game.store.writable();
    return { ok: writable, writable, version: app.appInfo.version, backend: app.appInfo.backend(), uptimeS: Math.round(process.uptime()) };
  });

  app.get('/api/info', { schema: { response: { 200: InfoResponse } } }, async () => {
    const game = await app.game.store.activeGame();
    return {
      version: app.appInfo.version,
      joinUrls: app.appInfo.joinUrls(),
      // What the login form needs to know before a login: whether to ask for a PIN, and how long the wait is.
      requirePin: game?.requirePin ?? false,
      loginDelayMs: game?.loginDelayMs ?? 10_000,
    };
  });
}
