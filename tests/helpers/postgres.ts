/**
 * A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a data folder in a temporary directory,
 * 127.0.0.1 and a free port, run as the `postgres` user when the tests run as root (the server refuses root).
 * One cluster serves a whole test run; each test file gets its own database.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/load-process.ts';

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0], 'bin') : null;
}


export interface PostgresCluster {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** The postmaster's process id (its backends are its children). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts a cluster; resolves once it accepts connections. */
export async function startPostgres(bin: string): Promise<PostgresCluster> {
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gd-arena-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const id = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id, gid);
  }
  const as = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  execFileSync(...as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']), { stdio: 'ignore' });
  const port = await freePort();
  // Durability off: a test cluster lives for one run, and fsync would only make it slow.
  const [command, args] = as(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const started = Date.now();
  for (;;) {
    try {
      execFileSync('psql', [url('postgres'), '-qAtc', 'SELECT 1'], { stdio: 'ignore' });
      break;
    } catch {
      if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const pidFile = join(data, 'postmaster.pid');
  return {
    url,
    pid: Number(readFileSync(pidFile, 'utf8').split('\n')[0]),
    stop: async () => {
      // The postmaster's own pid (runuser may stand between it and us); SIGINT is PostgreSQL's fast shutdown.
      const pidFile = join(data, 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : child.pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          // Already gone.
        }
      }
      const deadline = Date.now() + 10_000;
      while (existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database on the cluster at `serverUrl` (synchronously: test helpers hand out URLs at once). */
export function createDatabase(serverUrl: string, name: string): void {
  execFileSync('psql', [serverUrl, '-qAtc', `CREATE DATABASE "${name}"`], { stdio: 'ignore' });
}

export function dropDatabase(serverUrl: string, name: string): void {
  execFileSync('psql', [serverUrl, '-qAtc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: 'ignore' });
}
