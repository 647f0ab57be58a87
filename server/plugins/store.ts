/**
 * The app's services as Fastify plugins, in load order: store (the database), reference (the optimizers), game
 * (the parts that run a class). Lives here: wiring only — each plugin builds its service with what it uses and
 * decorates the app with it.
 */
import fp from 'fastify-plugin';
import { openDatabase } from '../store/db.ts';
import { Store } from '../store/repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

/** The SQLite file, migrated at start-up, behind the repositories. */
export default fp<{ databaseUrl: string }>(
  async (app, { databaseUrl }) => {
    const { db, guesses, applied, file } = await openDatabase(databaseUrl);
    if (applied.length) app.log.info({ file, applied }, 'database migrated');
    app.decorate('store', new Store(db, guesses));
    app.addHook('onClose', async () => {
      guesses.close();
      await db.$disconnect();
    });
  },
  { name: 'store' },
);
