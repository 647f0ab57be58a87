/**
 * Several instances on one PostgreSQL, beside SQLite on one, in the same run (issue 17): teams play a closed loop
 * (guess over HTTP, wait for the result's push on a Socket.IO page, guess again) through 1, 2 and 3 instances of the
 * built server, each team's HTTP calls and page on instances picked round-robin. Printed per row: accepted guesses
 * per second, the lateness of each pushed result after its readyAt (p50, p99, max), results lost (acknowledged but
 * never pushed), and the CPU the instances and PostgreSQL used.
 *
 * Everything runs on this machine — the instances, PostgreSQL, and the teams — so the rows say how the work divides
 * over a machine's cores, not what separate machines would carry; BENCHMARKS.md reads them that way.
 *
 * Run: npx tsx bench/cluster.ts [--teams 100] [--delay 300] [--duration 15]      (npm run bench:cluster)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { buildServer } from '../scripts/build-server.mjs';
import { staleParts } from '../scripts/ensure-build.mjs';
import { createDatabase, postgresBin, startPostgres } from '../tests/helpers/postgres.ts';
import { apiClient, startServer, type ServerProcess } from './load-process.ts';
import { cpuTicks, fmt, othersCpuPercent, ownProcessTree, summarise } from './load-stats.ts';
import { option } from './args.ts';

const TEAMS = Number(option('teams', '100'));
const DELAY_MS = Number(option('delay', '300'));
const DURATION_MS = Number(option('duration', '15')) * 1000;
const ADMIN_PASSWORD = 'cluster-bench-admin';
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The CPU a set of processes used between two cpuTicks() readings, in % of one core. */
function cpuOf(before: Map<number, number>, after: Map<number, number>, pids: number[], wallMs: number): number {
  let ticks = 0;
  for (const pid of pids) ticks += (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
  return ticks / (wallMs / 1000);
}

interface Row {
  store: string;
  instances: number;
  guessesPerSecond: number;
  lateness: ReturnType<typeof summarise>;
  lost: number;
  instanceCpu: number;
  dbCpu: number;
  otherCpu: number;
}

async function run(store: 'sqlite' | 'postgresql', instances: number, databaseUrl: string, postgresPid: number | null): Promise<Row> {
  const servers: ServerProcess[] = [];
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      servers.push(
        await startServer({
          databaseUrl,
          adminPassword: ADMIN_PASSWORD,
          startTimeoutMs: 60_000,
          // The teams all come from 127.0.0.1: the per-address login limits are for classrooms, not for this bench.
          env: { LOGIN_FAILURE_LIMIT: '100000', LOGIN_SUCCESS_LIMIT: '100000', TEAM_LOGIN_SUCCESS_LIMIT: '100000', SEED_DEMO: '0' },
        }),
      );
    }
    const admin = apiClient(servers[0].url);
    await admin.signIn(ADMIN_PASSWORD);
    const game = await admin.admin<{ id: number }>('POST', '/games', { title: 'Cluster bench', loginDelayMs: 0 });
    await admin.admin('POST', `/games/${game.id}/activate`);
    const level = await admin.admin<{ id: number }>('POST', `/games/${game.id}/levels`, { title: 'Bowl', expression: '(x - 1)^2 + 2', domain: [[-10, 10]], delayMs: DELAY_MS, budget: null, password: 'cluster' });
    await admin.admin('POST', `/levels/${level.id}/open`);
    await admin.admin('POST', `/games/${game.id}/teams`, { count: TEAMS });

    const heard = new Map<number, number>();
    const tokens: string[] = [];
    for (let team = 1; team <= TEAMS; team++) {
      const token = await apiClient(servers[team % instances].url).login(team, 'cluster');
      tokens.push(token);
      const socket = io(`${servers[(team + 1) % instances].url}/team`, { auth: { token }, transports: ['websocket'], forceNew: true });
      socket.on('message', (m: { type: string; guessId?: number }) => {
        if (m.type === 'ready' && m.guessId !== undefined && !heard.has(m.guessId)) heard.set(m.guessId, Date.now());
      });
      sockets.push(socket);
    }
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))));

    const acked: { id: number; readyAt: number }[] = [];
    const ticks0 = cpuTicks();
    const started = Date.now();
    const play = async (team: number) => {
      const url = servers[team % instances].url;
      const auth = { authorization: `Bearer ${tokens[team - 1]}`, 'content-type': 'application/json' };
      // Spread the first guesses over one delay, so the teams do not move in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * DELAY_MS));
      while (Date.now() - started < DURATION_MS) {
        const res = await fetch(`${url}/api/guesses`, { method: 'POST', headers: auth, body: JSON.stringify({ x: Math.random() * 8 - 4 }) });
        const body = (await res.json()) as { id: number; readyAt: string };
        if (res.status !== 202) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const guess = { id: body.id, readyAt: Date.parse(body.readyAt) };
        acked.push(guess);
        // The closed loop: the next guess once this result is heard (or a second after it was due).
        const deadline = guess.readyAt + 1000;
        while (!heard.has(guess.id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await Promise.all(Array.from({ length: TEAMS }, (_, i) => play(i + 1)));
    const wallMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const ticks1 = cpuTicks();
    const serverPids = servers.flatMap((s) => ownProcessTree(s.pid));
    const dbPids = postgresPid === null ? [] : ownProcessTree(postgresPid);
    const instanceCpu = cpuOf(ticks0, ticks1, serverPids, wallMs);
    const dbCpu = cpuOf(ticks0, ticks1, dbPids, wallMs);
    const otherCpu = othersCpuPercent(ticks0, ticks1, [...ownProcessTree(), ...serverPids, ...dbPids], wallMs);
    const lateness = acked.filter((g) => heard.has(g.id)).map((g) => heard.get(g.id)! - g.readyAt);
    return {
      store,
      instances,
      guessesPerSecond: (acked.length * 1000) / wallMs,
      lateness: summarise(lateness),
      lost: acked.filter((g) => !heard.has(g.id)).length,
      instanceCpu,
      dbCpu,
      otherCpu,
    };
  } finally {
    for (const s of sockets) s.disconnect();
    for (const s of servers) await s.stop();
  }
}

async function main(): Promise<void> {
  log(`GD Arena cluster bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(`${TEAMS} teams in a closed loop (HTTP guess, Socket.IO result), level delay ${DELAY_MS} ms, ${DURATION_MS / 1000} s per row`);
  if (staleParts().server) await buildServer();
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed here (apt-get install postgresql): the cluster rows need it');
  const pgCluster = await startPostgres(bin);
  const tmp = mkdtempSync(join(os.tmpdir(), 'gd-cluster-bench-'));
  const rows: Row[] = [];
  try {
    const postgresPid = pgCluster.pid;
    rows.push(await run('sqlite', 1, `file:${join(tmp, 'arena.db')}`, null));
    for (const n of [1, 2, 3]) {
      const name = `gd_bench_${n}`;
      createDatabase(pgCluster.url('postgres'), name);
      rows.push(await run('postgresql', n, pgCluster.url(name), postgresPid));
    }
  } finally {
    await pgCluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  log('\n| store | instances | guesses/s | lateness p50 / p99 / max (ms) | lost | instances CPU % | PostgreSQL CPU % | other processes CPU % |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    log(`| ${r.store} | ${r.instances} | ${fmt(r.guessesPerSecond)} | ${fmt(r.lateness.p50)} / ${fmt(r.lateness.p99)} / ${fmt(r.lateness.max)} | ${r.lost} | ${fmt(r.instanceCpu)} | ${fmt(r.dbCpu)} | ${fmt(r.otherCpu)} |`);
  }
  const busiest = Math.max(...rows.map((r) => r.otherCpu));
  if (busiest >= 20) log(`\nother processes used up to ${fmt(busiest)}% of one core meanwhile — too busy for these figures to count: run again on a quiet machine`);
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
