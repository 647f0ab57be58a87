/**
 * The app's services as Fastify plugins, in load order: store (the database), reference (the optimizers), game
 * (the parts that run a class). Lives here: wiring only — each plugin builds its service with what it uses and
 * decorates the app with it.
 */
import fp from 'fastify-plugin';
import { openDatabase, type Database } from '../store/db.ts';
import { Store } from '../store/repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** The database DATABASE_URL names (a SQLite file by default, or PostgreSQL), migrated at start-up. */
export default fp<{ databaseUrl: string; guessWriter: 'grouped' | 'prisma' }>(
  async (app, { databaseUrl, guessWriter }) => {
    const database = await openDatabase(databaseUrl, (err) => app.log.error({ err }, 'database connection error'), { guessWriter });
    app.log.info({ engine: database.engine, location: database.location, applied: database.applied }, `database: ${database.engine}`);
    app.decorate('database', database);
    app.decorate('store', new Store(database.db, database.guesses, database.engine));
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'store' },
);
