import fp from 'fastify-plugin';
import { GameError } from '../../shared/errors.ts';
import { createGame, type Game } from '../game/index.ts';
import { systemClock, type Clock } from '../game/clock.ts';
import type { LevelAnalyser } from '../game/ports.ts';
import { analyseLevel, checkDomain, checkFiniteOverDomain, compileLevelFunction, sampleCurve } from '../math/expression.ts';

declare module 'fastify' {
  interface FastifyInstance {
    game: Game;
    /** Set on the first start when no ADMIN_PASSWORD was given: printed once in the banner. */
    generatedAdminPassword: string | null;
  }
}

/** Validates a level definition and computes f*, argmin, the median and plot samples. */
const analyser: LevelAnalyser = {
  async analyse(input) {
    const dims = Array.isArray(input.domain) && input.domain.length === 2 ? 2 : 1;
    const domain = checkDomain(input.domain, dims);
    const expression = input.expression.trim();
    const fn = compileLevelFunction(expression, dims);
    checkFiniteOverDomain(fn, domain);
    const { fStar, argmin, median } = analyseLevel(fn, domain);
    let start: number[];
    if (input.start === undefined) start = domain.map(([lo, hi]) => lo + 0.1 * (hi - lo));
    else {
      start = typeof input.start === 'number' ? [input.start] : input.start;
      if (start.length !== dims || start.some((v) => !Number.isFinite(v))) throw new GameError('INVALID_BODY', `start must have ${dims} finite coordinate(s)`);
    }
    return { expression, dims, domain, fStar, argmin, median, start, samples: sampleCurve(fn, domain) };
  },
};

/** The game: one owner of the levels' state behind every door. */
export default fp<{ clock?: Clock; loginFailureLimit: number; loginFailureWindowMs: number; adminPassword?: string }>(
  async (app, options) => {
    const game = createGame({
      store: app.store,
      transport: app.transport,
      reference: app.reference,
      analyser,
      clock: options.clock ?? systemClock,
      log: app.log,
      signIn: { loginFailureLimit: options.loginFailureLimit, loginFailureWindowMs: options.loginFailureWindowMs },
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
  { name: 'game', dependencies: ['store', 'transport', 'reference'] },
);
