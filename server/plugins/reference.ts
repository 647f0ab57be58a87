import fp from 'fastify-plugin';
import { createReferenceRunner, type ReferenceRunner } from '../reference/runner.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reference: ReferenceRunner;
  }
}

/**
 * The reference optimizers behind the game: a worker thread that loads TensorFlow.js on the first reveal (or the
 * first run the instructor asks for) and logs which backend runs.
 */
export default fp(
  async (app) => {
    const runner = createReferenceRunner({ log: (obj, msg) => app.log.info(obj, msg) });
    app.decorate('reference', runner);
    app.addHook('onClose', () => runner.close());
  },
  { name: 'reference' },
);
