import fp from 'fastify-plugin';
import { createGame, type Game } from '../game/index.ts';
import { systemClock, type Clock } from '../game/clock.ts';
import { LevelAnalyser } from '../math/expression.ts';
import type { LevelAnalyser as GameAnalyser } from '../game/ports.ts';
import { SLIDE_ANALYSES } from '../game/slide-analyses.ts';

/** The same definition written the same way (whitespace in the expression aside). */
const definitionKey = (d: { expression: unknown; domain: unknown; start?: unknown }) => JSON.stringify([String(d.expression).replace(/\s+/g, ''), d.domain, d.start ?? null]);
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
    // Level definitions are analysed in a worker thread under a time limit: an expression cannot stall the class. The
    // demo's levels were analysed ahead of time: a new database's seed starts no worker (their samples are drawn at
    // their reveal).
    const worker = new LevelAnalyser({ onError: (err, context) => app.log.error({ err, context }, 'level analysis worker failed') });
    app.addHook('onClose', () => worker.close());
    const known = new Map(SLIDE_ANALYSES.map((a) => [definitionKey(a), a]));
    const analyser: GameAnalyser = {
      async analyse(input) {
        const ahead = known.get(definitionKey(input));
        if (ahead) return { expression: ahead.expression, dims: ahead.domain.length === 2 ? 2 : 1, domain: ahead.domain, start: ahead.start, fStar: ahead.fStar, argmin: ahead.argmin, median: ahead.median, samples: null };
        return worker.analyse(input);
      },
    };
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
