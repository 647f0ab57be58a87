import fp from 'fastify-plugin';
import { createGame, type Game } from '../game/index.ts';
import { systemClock, type Clock } from '../game/clock.ts';
import { LevelAnalyser } from '../math/expression.ts';
import type { SignInOptions } from '../game/sign-in.ts';

declare module 'fastify' {
  interface FastifyInstance {
    game: Game;
    /** Set on the first start when no ADMIN_PASSWORD was given: printed once in the banner. */
    generatedAdminPassword: string | null;
  }
}

/** The game: one owner of the levels' state behind every door. */
export default fp<{ clock?: Clock; signIn: SignInOptions; adminPassword?: string }>(
  async (app, options) => {
    // Level definitions are analysed in a worker thread under a time limit: an expression cannot stall the class.
    const analyser = new LevelAnalyser({ onError: (err, context) => app.log.error({ err, context }, 'level analysis worker failed') });
    app.addHook('onClose', () => analyser.close());
    const game = createGame({
      store: app.store,
      transport: app.transport,
      reference: app.reference,
      analyser,
      cluster: app.cluster,
      clock: options.clock ?? systemClock,
      log: app.log,
      signIn: options.signIn,
    });
    app.decorate('game', game);
    const { generated } = await game.signIn.initAdminPassword(options.adminPassword);
    app.decorate('generatedAdminPassword', generated);
    app.addHook('onReady', async () => {
      await game.start();
    });
    app.addHook('preClose', async () => {
      game.stop();
    });
  },
  { name: 'game', dependencies: ['store', 'transport', 'cluster', 'reference'] },
);
