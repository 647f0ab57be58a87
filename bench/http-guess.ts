/**
 * The HTTP guess path against a bare Fastify route, measured with autocannon in one run (issue 18: the guess path
 * should reach 40 % of the bare route's requests per second; 21 % when the issue was filed).
 *
 * Both servers are esbuild bundles run with plain node (the built server is `npm start`'s; the bare one is
 * bench/bare-server.ts, whose POST route checks a body schema and answers 202 with a guess-shaped JSON). The guess
 * run plays one team per connection on a level with delay 0 and no budget, so a team's previous guess is due by
 * the time its next one arrives and GUESS_PENDING stays rare (the status counts are printed). The server's CPU
 * per request is printed too: when autocannon, one process, is the bottleneck, that is the fairer comparison.
 *
 * Run: npx tsx bench/http-guess.ts [--connections 50] [--duration 10] [--cpu-prof dir] [--guess-writer grouped|prisma]   (npm run bench:http)
 */
import autocannon, { type Result } from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../scripts/build-server.mjs';
import { staleParts } from '../scripts/ensure-build.mjs';
import { apiClient, BUILT_ENTRY, freePort, ROOT, startServer, watchProc } from './load-process.ts';
import { cpuTicks, fmt, othersCpuPercent, ownProcessTree } from './load-stats.ts';
import { option } from './args.ts';

const CONNECTIONS = Number(option('connections', '50'));
const DURATION_S = Number(option('duration', '10'));
/** A folder for GD Arena's CPU profile (node --cpu-prof), written when it stops. */
const CPU_PROF = option('cpu-prof', '');
/** The server's GUESS_WRITER: its grouped fast path on SQLite, or plain Prisma. */
const GUESS_WRITER = option('guess-writer', 'grouped');
const ADMIN_PASSWORD = 'http-guess-bench-admin';
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  target: string;
  route: string;
  result: Result;
  /** 2xx answers per second (202 for both routes). */
  okPerSecond: number;
  cpuPercent: number;
  otherCpu: number;
}

/** One autocannon run against `pid`'s server, with its CPU and the machine's other CPU over the same window. */
async function measure(target: string, route: string, pid: number, options: Parameters<typeof autocannon>[0]): Promise<Row> {
  const ticks0 = cpuTicks();
  const started = Date.now();
  const watch = watchProc(pid);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const { cpuPercent } = watch.stop();
  const otherCpu = othersCpuPercent(ticks0, cpuTicks(), [...ownProcessTree(), pid], Date.now() - started);
  const ok = Object.entries(result.statusCodeStats ?? {}).reduce((n, [code, s]) => (code.startsWith('2') ? n + Number(s.count) : n), 0);
  return { target, route, result, okPerSecond: ok / result.duration, cpuPercent, otherCpu };
}

async function main(): Promise<void> {
  log(`GD Arena HTTP guess bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${CONNECTIONS} connections, ${DURATION_S} s per route`);
  if (!existsSync(BUILT_ENTRY) || staleParts().server) await buildServer();
  const tmp = mkdtempSync(join(os.tmpdir(), 'gd-http-guess-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    // The bare route.
    await buildServer({ entry: 'bench/bare-server.ts', outdir: join(tmp, 'bare'), logLevel: 'error' });
    const barePort = await freePort();
    const bare = spawn(process.execPath, [join(tmp, 'bare/main.js')], { cwd: ROOT, env: { ...process.env, PORT: String(barePort), HOST: '127.0.0.1' }, stdio: 'ignore' });
    stops.push(() => new Promise((r) => (bare.once('exit', r), bare.kill('SIGTERM'))));
    const bareUrl = `http://127.0.0.1:${barePort}`;
    for (let i = 0; i < 200 && !(await fetch(`${bareUrl}/api/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 50));

    // The real server: one level, delay 0, no budget, one team per connection.
    const server = await startServer({ databaseUrl: `file:${join(tmp, 'arena.db')}`, adminPassword: ADMIN_PASSWORD, env: { LOGIN_FAILURE_LIMIT: '100000', GUESS_WRITER }, ...(CPU_PROF ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] } : {}) });
    stops.push(() => server.stop());
    const api = apiClient(server.url);
    await api.signIn(ADMIN_PASSWORD);
    const game = await api.admin<{ id: number }>('POST', '/games', { title: 'HTTP guess bench', loginDelayMs: 0 });
    await api.admin('POST', `/games/${game.id}/activate`);
    const level = await api.admin<{ id: number }>('POST', `/games/${game.id}/levels`, { title: 'Bowl', expression: '(x - 1)^2 + 2', domain: [[-10, 10]], delayMs: 0, budget: null, password: 'bench' });
    await api.admin('POST', `/levels/${level.id}/open`);
    await api.admin('POST', `/games/${game.id}/teams`, { count: CONNECTIONS });
    const tokens: string[] = [];
    for (let team = 1; team <= CONNECTIONS; team++) tokens.push(await api.login(team, 'bench'));

    const body = JSON.stringify({ x: 1.5 });
    const json = { 'content-type': 'application/json' };
    const rows: Row[] = [];
    rows.push(await measure('bare Fastify', 'POST /bare (schema, 202)', bare.pid!, { url: `${bareUrl}/bare`, method: 'POST', headers: json, body }));
    let next = 0;
    rows.push(
      await measure('GD Arena', `POST /api/guesses (delay 0${GUESS_WRITER === 'prisma' ? ', GUESS_WRITER=prisma' : ''})`, server.pid, {
        url: `${server.url}/api/guesses`,
        method: 'POST',
        headers: json,
        body,
        setupClient: (client) => client.setHeaders({ ...json, authorization: `Bearer ${tokens[next++ % tokens.length]}` }),
      }),
    );

    const perRequest = (r: Row) => (r.cpuPercent * 10_000) / r.result.requests.average; // µs of server CPU per request
    log('\n| target | route | requests/s | 2xx/s | status counts | latency p50 / p99 / max (ms) | server CPU % | server CPU per request (µs) | other processes CPU % |');
    log('|---|---|---:|---:|---|---:|---:|---:|---:|');
    for (const r of rows) {
      const codes = Object.entries(r.result.statusCodeStats ?? {}).map(([c, s]) => `${c}: ${s.count}`).join(', ');
      log(`| ${r.target} | ${r.route} | ${fmt(r.result.requests.average)} | ${fmt(r.okPerSecond)} | ${codes}${r.result.errors ? `, errors: ${r.result.errors}` : ''} | ${fmt(r.result.latency.p50, 1)} / ${fmt(r.result.latency.p99, 1)} / ${fmt(r.result.latency.max, 1)} | ${fmt(r.cpuPercent)} | ${fmt(perRequest(r))} | ${fmt(r.otherCpu)} |`);
    }
    const [b, g] = rows;
    const ratio = g.okPerSecond / b.okPerSecond;
    log(`\naccepted guesses/s ÷ bare 2xx/s: ${fmt(100 * ratio)} % (target ≥ 40 %: ${ratio >= 0.4 ? 'met' : 'NOT met'}); server CPU per request: ${fmt(perRequest(g) / perRequest(b), 1)}× the bare route's`);
    const busiest = Math.max(b.otherCpu, g.otherCpu);
    if (busiest >= 20) log(`other processes used up to ${fmt(busiest)}% of one core meanwhile — too busy for these figures to count: run again on a quiet machine`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`HTTP guess bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
