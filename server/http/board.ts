import type { FastifyInstance } from 'fastify';
import { BoardSnapshot, HealthResponse } from '../../shared/protocol.ts';
import { InfoResponse } from './team.ts';

/** Public calls: the board snapshot, health, and the join addresses for QR codes. */
export default async function boardRoutes(app: FastifyInstance): Promise<void> {
  const { game } = app;
  app.get('/api/board', { schema: { response: { 200: BoardSnapshot } } }, async () => game.board.snapshot());

  app.get('/api/health', { schema: { response: { 200: HealthResponse } } }, async () => {
    const trouble = game.admin.storageTrouble();
    return { ok: trouble === null, writable: trouble === null, storage: trouble ?? 'ok', version: app.appInfo.version, backend: game.admin.referenceBackend(), uptimeS: Math.round(process.uptime()) };
  });

  app.get('/api/info', { schema: { response: { 200: InfoResponse } } }, async () => {
    const active = await game.admin.activeGame();
    return {
      version: app.appInfo.version,
      joinUrls: app.appInfo.joinUrls(),
      // What the login form needs to know before a login: whether to ask for a PIN, and how long the wait is.
      requirePin: active?.game.requirePin ?? false,
      loginDelayMs: active?.game.loginDelayMs ?? 10_000,
    };
  });
}
