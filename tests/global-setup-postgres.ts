import { postgresBin, startPostgres } from './helpers/postgres.ts';

/** Once per run, for the integration tests on PostgreSQL: a throwaway cluster, stopped at the end. */
export default async function setup(): Promise<() => Promise<void>> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (the postgres project should not have been configured)');
  const cluster = await startPostgres(bin);
  // Test workers start after this and inherit it; each test file creates its own database on this server.
  process.env.GD_TEST_PG_SERVER = cluster.url('postgres');
  return () => cluster.stop();
}
