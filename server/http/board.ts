import type { FastifyInstance } from 'fastify';
import { BoardSnapshot, HealthResponse } from '../../shared/protocol.ts';
import { InfoResponse } from '../../shared/answers.ts';
import { DEFAULT_LOGIN_DELAY_MS } from '../../shared/optimizers.ts';
import { errors, ok } from './route-docs.ts';

const board = { tags: ['public'], security: [] };

/** Public calls: the board snapshot, health, and the join addresses for QR codes. */
export default async function boardRoutes(app: FastifyInstance): Promise<void> {
  const { game } = app;
  app.get(
    '/api/board',
    {
      schema: {
        ...board,
        summary: "The projector's view",
        description: 'The active game, its levels, the current level with its leaderboard, the overall standings and the feed; once a level is revealed its curve samples, every team\'s path and the reference paths. Never the function before the reveal.',
        response: { 200: ok(BoardSnapshot, 'The board'), ...errors('STORAGE_ERROR') },
      },
    },
    async () => game.board.snapshot(),
  );

  app.get(
    '/api/health',
    {
      schema: {
        ...board,
        summary: 'Whether the server runs and can save',
        response: { 200: ok(HealthResponse, '`writable` (and with it `ok`) is false when the database cannot be written: reads work, writes answer 503 STORAGE_ERROR; `storage` says why (`read-only`, `disk-full`, `file-gone`, `file-replaced`, `unreachable`) or `ok`'), ...errors() },
      },
    },
    async () => {
      const trouble = game.admin.storageTrouble();
      return { ok: trouble === null, writable: trouble === null, storage: trouble ?? 'ok', version: app.appInfo.version, backend: game.admin.referenceBackend(), uptimeS: Math.round(process.uptime()) };
    },
  );

  app.get(
    '/api/info',
    { schema: { ...board, summary: 'What the login form needs: join addresses, whether a PIN is asked, the login wait', response: { 200: ok(InfoResponse, 'The join information'), ...errors('STORAGE_ERROR') } } },
    async () => {
      const active = await game.admin.activeGame();
      return {
        version: app.appInfo.version,
        joinUrls: app.appInfo.joinUrls(),
        // What the login form needs to know before a login: whether to ask for a PIN, and how long the wait is.
        requirePin: active?.game.requirePin ?? false,
        loginDelayMs: active?.game.loginDelayMs ?? DEFAULT_LOGIN_DELAY_MS,
      };
    },
  );
}
