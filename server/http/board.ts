import type { FastifyInstance } from 'fastify';
import { BoardSnapshot, HealthResponse } from '../../shared/protocol.ts';
import { InfoResponse } from './team.ts';

/** Public calls: the board snapshot, health, and the join addresses for QR codes. */
export default async function boardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/board', { schema: { response: { 200: BoardSnapshot } } }, async () => app.game.board());

  app.get('/api/health', { schema: { response: { 200: HealthResponse } } }, async () => ({
    ok: true,
    version: app.appInfo.version,
    backend: app.appInfo.backend(),
    uptimeS: Math.round(process.uptime()),
  }));

  app.get('/api/info', { schema: { response: { 200: InfoResponse } } }, async () => ({
    version: app.appInfo.version,
    joinUrls: app.appInfo.joinUrls(),
  }));
}
