import fp from 'fastify-plugin';
import { GameService, systemClock, type Clock } from '../game/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    game: GameService;
  }
}

/** The game service: one owner of the levels' state behind every door. */
export default fp<{ clock?: Clock; loginFailureLimit: number; loginFailureWindowMs: number; adminPassword?: string }>(
  async (app, options) => {
    const game = new GameService(app.store, options.clock ?? systemClock, options);
    app.decorate('game', game);
    app.addHook('onReady', async () => {
      const { generated } = await game.initAdminPassword(options.adminPassword);
      game.generatedAdminPassword = generated;
      await game.start();
    });
    app.addHook('preClose', async () => {
      game.stop();
    });
  },
  { name: 'game', dependencies: ['store'] },
);
