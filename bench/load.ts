/**
 * Load bench: does one machine hold a lecture hall? On loopback only, against the real server process:
 *
 *   1. HTTP, the same keep-alive loop against a bare Fastify route (bench/load-baseline.ts, its own process) and
 *      against GD Arena (GET /api/health, POST /api/guesses on a level with no delay): the overhead as a ratio.
 *   2. For each N teams × M spectators: N teams with 2 devices each (socket.io-client, each device logged in on
 *      its own), taking turns to submit over the socket and waiting for the result on both devices before the
 *      next guess (a closed loop at the level's delay), and M board spectators on /board.
 *      Reported: accepted guesses/s; lateness of every pushed result after its readyAt (p50, p99, max), at the
 *      bench's devices and at 10 of the N teams, played at the same pace from their own idle process
 *      (bench/load-probe.ts), so that the server's own lateness is seen; board lag (readyAt → spectator, which
 *      includes the 200 ms batching by design) and fan-out spread (first → last spectator for the same update);
 *      server CPU and RSS from /proc, bytes sent, the CPU every other process used meanwhile; lost and wrong
 *      results, and a final comparison of what the clients were told with what the server stored.
 *
 * Run:  npx tsx bench/load.ts --think 0,5000       (npm run bench:load -- --think 0,5000; both paces, ~15 minutes)
 *       npx tsx bench/load.ts --teams 0             (the HTTP comparison alone)
 *       npx tsx bench/load.ts --teams 300 --spectators 500 --think 0 --no-http --profile   (CPU profile of the
 *       server over the measured window, through its inspector: hot spots and the longest event-loop stretches)
 * Options: --teams 50,150,300  --spectators 100,500  --delay 300  --duration 20 (s)
 *          --think 0 (ms; 0 = a closed loop at the level's delay; 0,5000 runs the matrix again with 0–5 s pauses)
 *          (--delay 300,0 runs it again at each level delay: 0 makes results due the moment a guess is stored)
 *          --no-team-leaderboard (the game's showLeaderboard off)  --concurrency 50  --http-duration 8 (s)
 *          --probe-teams 10 (of each row's teams, at most a fifth)
 *          --no-http  --max-load 2.5 and --wait-load 900 (s: wait, bounded, for a quieter machine)  --out file.json
 *          --max-other-cpu 20 (% of one core: a row measured while other processes used more is not written)
 *          --guess-writer grouped|prisma (the server's GUESS_WRITER: its grouped fast path, or plain Prisma)
 * Every loop is bounded in count and in time; a watchdog ends the whole run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
// socket.io-client's own packet decoder (a dependency of socket.io and socket.io-client), extended below.
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { apiClient, freePort, ROOT, startServer, watchProc, type ServerProcess } from './load-process.ts';
import { httpLoop, type HttpLoopResult } from './load-http.ts';
import { Spectator } from './load-spectator.ts';
import { busiestProcesses, cpuTicks, fmt, loadAverage, othersCpuPercent, ownProcessTree, summarise, waitForQuietMachine, type Summary } from './load-stats.ts';
import { attachProfiler, summariseProfile } from './load-profile.ts';
import { flag, option } from './args.ts';

// ---------------------------------------------------------------- options

const list = (s: string) => s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);

const TEAMS = list(option('teams', '50,150,300'));
const SPECTATORS = list(option('spectators', '100,500'));
/** The level's delay per guess, in ms: each value runs the matrix again (0 = results due the moment a guess is in). */
const DELAYS = option('delay', '300').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 0);
const DURATION_MS = Number(option('duration', '20')) * 1000;
/** Pauses between a result and the next guess, in ms (uniform 0…think): 0 is a closed loop at the level's delay. */
const THINKS = option('think', '0').split(',').map(Number).filter((n) => Number.isFinite(n) && n >= 0);
const CONCURRENCY = Number(option('concurrency', '50'));
/** Teams played from the probe's own process (at most a fifth of a row's teams). */
const PROBE_TEAMS = Number(option('probe-teams', '10'));
const HTTP_DURATION_MS = Number(option('http-duration', '8')) * 1000;
const MAX_LOAD = Number(option('max-load', '2.5'));
/**
 * A row is written (tables, --out) only when the other processes of the machine used less CPU than this during it,
 * in % of one core: above it the figures measure the neighbours as much as the server.
 */
const MAX_OTHER_CPU = Number(option('max-other-cpu', '20'));
const WAIT_LOAD_MS = Number(option('wait-load', '900')) * 1000;
const PROFILE = flag('profile');
/** Run the game with showLeaderboard off: teams get no leaderboard pushes (the board still does). */
const TEAM_LEADERBOARD = !flag('no-team-leaderboard');
const OUT = option('out', '');
const ADMIN_PASSWORD = 'load-bench-admin';
/** The level's function and its derivative, computed here to check every pushed result. */
const EXPRESSION = '(x - 1)^2 + 2';
const f = (x: number) => (x - 1) ** 2 + 2;
const df = (x: number) => 2 * (x - 1);
const DOMAIN: [number, number] = [-10, 10];
/** A result not pushed within this long after its readyAt counts as lost. */
const LOST_AFTER_MS = 10_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tmp = mkdtempSync(join(os.tmpdir(), 'gd-arena-load-'));
const profileDir = join(tmp, 'profiles');
const live: ServerProcess[] = [];
const watchdog = setTimeout(
  () => {
    log('watchdog: the run took too long; stopping');
    for (const s of live) s.child.kill('SIGKILL');
    process.exit(2);
  },
  (TEAMS.length * SPECTATORS.length * THINKS.length * DELAYS.length + 2) * (4 * 60_000 + WAIT_LOAD_MS),
);
watchdog.unref();

/** A fresh server process on its own SQLite file. */
async function arena(name: string): Promise<ServerProcess> {
  const server = await startServer({
    databaseUrl: `file:${join(tmp, `${name}.db`)}`,
    adminPassword: ADMIN_PASSWORD,
    // The teams all come from 127.0.0.1: the per-address login limits are for classrooms, not for this bench.
    env: { LOGIN_FAILURE_LIMIT: '100000', LOGIN_SUCCESS_LIMIT: '100000', TEAM_LOGIN_SUCCESS_LIMIT: '100000', MAX_CONNECTIONS_PER_ADDRESS: '0', LOG_LEVEL: 'error', GUESS_WRITER: option('guess-writer', 'grouped') },
    nodeArgs: PROFILE ? ['--inspect=127.0.0.1:0'] : [],
    startTimeoutMs: 120_000,
  });
  live.push(server);
  return server;
}

/** A game with one open level (no login delay, unlimited budget, results shown on the board) and `teams` teams. */
async function setUpGame(server: ServerProcess, teams: number, delayMs: number) {
  const api = apiClient(server.url);
  await api.signIn(ADMIN_PASSWORD);
  const game = await api.admin('POST', '/games', { title: 'Load', loginDelayMs: 0, showLeaderboard: TEAM_LEADERBOARD, showFeedValues: true });
  await api.admin('POST', `/games/${game.id}/activate`);
  const level = await api.admin('POST', `/games/${game.id}/levels`, { title: 'Bowl', expression: EXPRESSION, domain: [DOMAIN], delayMs, budget: null, password: 'load-level' });
  await api.admin('POST', `/levels/${level.id}/open`);
  await api.admin('POST', `/games/${game.id}/teams`, { count: teams });
  return { api, levelId: level.id as number };
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------- 1. HTTP against the bare baseline

interface HttpRow {
  target: string;
  route: string;
  result: HttpLoopResult;
  cpuPercent: number;
  peakRssMb: number;
  otherCpu: number;
}

async function startBaseline(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/load-baseline.ts')], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error('baseline did not start')), 60_000);
    child.stdout!.on('data', (d) => {
      if (String(d).includes('listening')) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.once('exit', () => reject(new Error('baseline exited')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function measured(pid: number, run: () => Promise<HttpLoopResult>): Promise<{ result: HttpLoopResult; cpuPercent: number; peakRssMb: number; otherCpu: number }> {
  const ticks0 = cpuTicks();
  const started = Date.now();
  const watch = watchProc(pid);
  const result = await run();
  const { cpuPercent, peakRssMb } = watch.stop();
  return { result, cpuPercent, peakRssMb, otherCpu: othersCpuPercent(ticks0, cpuTicks(), [...ownProcessTree(), pid], Date.now() - started) };
}

/**
 * How long one body just under the 1 MB limit, nested 450 000 arrays deep, holds the event loop (JSON.parse of
 * deep nesting is slow): the worst /api/health answer seen by a probe every 5 ms while it is parsed.
 */
async function nestedBodyStall(url: string, path: string, token?: string): Promise<number> {
  const depth = 450_000;
  const body = `{"x":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
  const probePath = path === '/json' ? '/json' : '/api/health';
  let worst = 0;
  let done = false;
  const probe = (async () => {
    for (let i = 0; i < 2000 && !done; i++) {
      const t0 = performance.now();
      await fetch(`${url}${probePath}`);
      worst = Math.max(worst, performance.now() - t0);
      await sleep(5);
    }
  })();
  await sleep(200);
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  await res.text();
  await sleep(200);
  done = true;
  await probe;
  return worst;
}

async function httpComparison(): Promise<{ rows: HttpRow[]; stored: { accepted: number; stored: number }; stall: { bare: number; arena: number } }> {
  const rows: HttpRow[] = [];
  const stall = { bare: NaN, arena: NaN };
  log(`\nHTTP: ${CONCURRENCY} keep-alive workers, ${HTTP_DURATION_MS / 1000} s per route`);
  const baseline = await startBaseline();
  try {
    // A short warm-up so both sides are past their JIT's first tier.
    await httpLoop({ url: baseline.url, method: 'GET', path: '/json', concurrency: CONCURRENCY, durationMs: 1500, expectStatus: 200 });
    rows.push({ target: 'bare Fastify', route: 'GET /json', ...(await measured(baseline.pid, () => httpLoop({ url: baseline.url, method: 'GET', path: '/json', concurrency: CONCURRENCY, durationMs: HTTP_DURATION_MS, expectStatus: 200 }))) });
    const body = () => JSON.stringify({ x: Math.round((Math.random() * 20 - 10) * 1000) / 1000 });
    rows.push({ target: 'bare Fastify', route: 'POST /json', ...(await measured(baseline.pid, () => httpLoop({ url: baseline.url, method: 'POST', path: '/json', body, concurrency: CONCURRENCY, durationMs: HTTP_DURATION_MS, expectStatus: 200 }))) });
    stall.bare = await nestedBodyStall(baseline.url, '/json');
  } finally {
    await baseline.stop();
  }

  const server = await arena('http');
  try {
    const { api, levelId } = await setUpGame(server, CONCURRENCY, 0);
    const tokens = await pool(
      Array.from({ length: CONCURRENCY }, (_, i) => i + 1),
      10,
      (team) => api.login(team, 'load-level'),
    );
    await httpLoop({ url: server.url, method: 'GET', path: '/api/health', concurrency: CONCURRENCY, durationMs: 1500, expectStatus: 200 });
    rows.push({ target: 'GD Arena', route: 'GET /api/health', ...(await measured(server.pid, () => httpLoop({ url: server.url, method: 'GET', path: '/api/health', concurrency: CONCURRENCY, durationMs: HTTP_DURATION_MS, expectStatus: 200 }))) });
    const ids = new Set<number>();
    const guess = await measured(server.pid, () =>
      httpLoop({
        url: server.url,
        method: 'POST',
        path: '/api/guesses',
        concurrency: CONCURRENCY,
        durationMs: HTTP_DURATION_MS,
        expectStatus: 202,
        headers: (i) => ({ authorization: `Bearer ${tokens[i]}` }),
        body: () => JSON.stringify({ x: Math.round((Math.random() * 20 - 10) * 1000) / 1000 }),
        onAnswer: (_i, text) => ids.add((JSON.parse(text) as { id: number }).id),
      }),
    );
    rows.push({ target: 'GD Arena', route: 'POST /api/guesses (delay 0)', ...guess });
    const stored = (await api.admin<{ guesses: { id: number }[] }>('GET', `/levels/${levelId}/guesses`)).guesses;
    const storedIds = new Set(stored.map((g) => g.id));
    const missing = [...ids].filter((id) => !storedIds.has(id)).length;
    if (missing) log(`  !! ${missing} guesses answered 202 are not stored`);
    stall.arena = await nestedBodyStall(server.url, '/api/guesses', tokens[0]);
    return { rows, stored: { accepted: ids.size, stored: stored.length }, stall };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- 2. teams and spectators over Socket.IO

interface Pending {
  id: number;
  x: number;
  readyAt: number;
  receipts: number;
  resolve(): void;
}

interface SocketRow {
  teams: number;
  devices: number;
  spectators: number;
  delayMs: number;
  thinkMs: number;
  /** What the server wrote to all clients, MB/s. */
  sentMBps: number;
  guessesPerSecond: number;
  accepted: number;
  refused: Record<string, number>;
  ackLatency: Summary;
  lateness: Summary;
  /** What the probe teams saw (their own, otherwise idle process). */
  probe: { lateness: Summary; lost: number; wrong: number; loopDelayP99: number };
  boardLag: Summary;
  fanOutSpread: Summary;
  lost: number;
  wrong: number;
  early: number;
  storedMismatch: number;
  spectatorsDropped: number;
  /** Updates whose content differed between spectators at the same position, and how many more the best-served spectator got than the worst. */
  boardMisaligned: number;
  missedUpdates: number;
  updates: number;
  server: { cpuPercent: number; peakRssMb: number; endRssMb: number };
  client: { cpuPercent: number; loopDelayP99: number };
  /** CPU used by every other process on the machine during the window, % of one core. */
  otherCpu: number;
  /** Mean size of a leaderboard message to a team device and of an update to a spectator. */
  messageKb: { leaderboard: number; boardUpdate: number };
  loadBefore: number;
  profile?: string[];
}

/**
 * socket.io-client's decoder, except that the leaderboard pushed to every device of the level (several times a
 * second, one entry per team) is recognised by its first bytes and not parsed: 600 devices parsing it would make
 * the bench measure its own JSON.parse. The server sends exactly the same bytes either way.
 */
class BenchDecoder extends Decoder {
  /** Bytes of every packet all devices received (what the server wrote to them). */
  static bytes = 0;
  /** Count and bytes of the leaderboard messages among them. */
  static leaderboards = 0;
  static leaderboardBytes = 0;
  override add(packet: any): void {
    if (typeof packet === 'string') BenchDecoder.bytes += packet.length;
    if (typeof packet === 'string' && packet.startsWith('2/team,["message",{"type":"leaderboard"')) {
      BenchDecoder.leaderboards++;
      BenchDecoder.leaderboardBytes += packet.length;
      (this as any).emitReserved('decoded', { type: PacketType.EVENT, nsp: '/team', data: ['message', { type: 'leaderboard' }] });
      return;
    }
    super.add(packet);
  }
}

/** The probe teams' process (bench/load-probe.ts), connected and waiting for "start". */
async function startProbe(url: string, teams: string[][], thinkMs: number, spreadMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/load-probe.ts')], {
    cwd: ROOT,
    env: { ...process.env, PROBE_URL: url, PROBE_TOKENS: teams.map((t) => t.join(',')).join(';'), PROBE_THINK_MS: String(thinkMs), PROBE_SPREAD_MS: String(spreadMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!out.includes('ready') && Date.now() < deadline && child.exitCode === null) await sleep(50);
  if (!out.includes('ready')) throw new Error('the probe did not connect');
  return {
    start: async (durationMs: number): Promise<{ lateness: number[]; lost: number; wrong: number; accepted: number; loopP99: number }> => {
      child.stdin!.write(`start ${durationMs}\n`);
      const done = Date.now() + durationMs + 60_000;
      while (!out.trim().endsWith('}') && Date.now() < done && child.exitCode === null) await sleep(100);
      child.kill();
      const line = out.trim().split('\n').pop() ?? '';
      return line.startsWith('{') ? JSON.parse(line) : { lateness: [], lost: NaN, wrong: NaN, accepted: 0, loopP99: NaN };
    },
  };
}

function connectDevice(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 30_000, parser: { Encoder, Decoder: BenchDecoder } as never });
  return new Promise((resolveConnect, reject) => {
    const timer = setTimeout(() => reject(new Error('device did not get its state')), 30_000);
    socket.on('message', (m: { type: string }) => {
      if (m.type === 'state') {
        clearTimeout(timer);
        resolveConnect(socket);
      }
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function socketRun(teams: number, spectatorCount: number, thinkMs: number, delayMs: number): Promise<SocketRow> {
  const name = `teams${teams}-spectators${spectatorCount}-think${thinkMs}-delay${delayMs}`;
  let profileFile: string | null = null;
  log(`\n${teams} teams × 2 devices, ${spectatorCount} spectators, delay ${delayMs} ms, think 0–${thinkMs} ms, ${DURATION_MS / 1000} s`);
  const waited = await waitForQuietMachine(MAX_LOAD, WAIT_LOAD_MS, log);
  const server = await arena(name);
  const spectators: Spectator[] = [];
  const devices: Socket[][] = [];
  try {
    // The last PROBE_TEAMS of the teams are the probe, in their own process; the bench plays the others.
    const probeTeams = Math.min(PROBE_TEAMS, Math.floor(teams / 5));
    const benchTeams = teams - probeTeams;
    const { api, levelId } = await setUpGame(server, teams, delayMs);
    // Opening the level sends one board update 200 ms later: let it pass before the spectators arrive.
    await sleep(500);
    await pool(Array.from({ length: spectatorCount }), 50, async () => {
      const s = new Spectator(server.url);
      spectators.push(s);
      await s.connect();
    });
    // A team's first login claims it and returns its team code; its second device logs in with that code.
    const benchTeamNumbers = Array.from({ length: benchTeams }, (_, i) => i + 1);
    const firstTokens = await pool(benchTeamNumbers, 20, (team) => api.login(team, 'load-level'));
    const secondTokens = await pool(benchTeamNumbers, 20, (team) => api.login(team, 'load-level'));
    const tokens = firstTokens.flatMap((token, i) => [token, secondTokens[i]]);
    const sockets = await pool(tokens, 50, (token) => connectDevice(server.url, token));
    for (let t = 0; t < benchTeams; t++) devices.push([sockets[2 * t], sockets[2 * t + 1]]);
    const probeTokens = await pool(
      Array.from({ length: probeTeams }, (_, i) => benchTeams + i + 1),
      10,
      async (team) => [await api.login(team, 'load-level'), await api.login(team, 'load-level')],
    );
    const probe = await startProbe(server.url, probeTokens, thinkMs, Math.max(delayMs, thinkMs, 50));
    log(`  connected: ${sockets.length} devices in the bench, ${spectators.length} spectators, ${probeTeams} probe teams (${probeTeams * 2} devices); load average ${loadAverage().toFixed(2)}`);

    // Every pushed result is checked: the right value, never before readyAt, on both devices. The other device's
    // push may arrive before the submitting device has read its acknowledgement: such pushes wait in `early`.
    type ReadyMessage = { type: string; guessId: number; x: number; fx: number; grad: number[]; slope: number; status: string };
    const pending = new Map<number, Pending>();
    const early = new Map<number, { at: number; m: ReadyMessage }[]>();
    const lateness: number[] = [];
    let wrong = 0;
    let beforeReadyAt = 0;
    const check = (p: Pending, at: number, m: ReadyMessage) => {
      lateness.push(at - p.readyAt);
      if (at < p.readyAt) beforeReadyAt++;
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      if (m.status !== 'ready' || m.x !== p.x || !close(m.fx, f(p.x)) || !close(m.slope, df(p.x)) || !close(m.grad[0], df(p.x))) wrong++;
      if (++p.receipts === 2) p.resolve();
    };
    for (const pair of devices) {
      for (const socket of pair) {
        socket.on('message', (m: ReadyMessage) => {
          if (m.type !== 'ready') return;
          const at = Date.now();
          const p = pending.get(m.guessId);
          if (p) check(p, at, m);
          else early.set(m.guessId, [...(early.get(m.guessId) ?? []), { at, m }]);
        });
      }
    }

    const told = new Map<number, { x: number; fx: number }>();
    const refused: Record<string, number> = {};
    const ackLatency: number[] = [];
    let accepted = 0;
    let acceptedInWindow = 0;
    let lost = 0;
    let unknown = 0;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const profiler = PROFILE ? await attachProfiler(server.output) : null;
    await profiler?.start();
    const readyWatch = watchProc(server.pid);
    const cpu0 = process.cpuUsage();
    const bytes0 = BenchDecoder.bytes + spectators.reduce((n, s) => n + s.bytes, 0);
    const ticks0 = cpuTicks();
    const started = Date.now();
    const stopAt = started + DURATION_MS;
    loop.enable();
    const probeResult = probe.start(DURATION_MS);

    const team = async (pair: Socket[], t: number) => {
      // Spread the first guesses over one delay, or one pause, so the teams do not all move in step: the row
      // measures the pace, not 300 teams pressing the button in the same 50 ms.
      await sleep(Math.random() * Math.max(delayMs, thinkMs, 50));
      let turn = t % 2;
      let guard = 0;
      while (Date.now() < stopAt && guard++ < 100_000) {
        const x = Math.round((Math.random() * (DOMAIN[1] - DOMAIN[0]) + DOMAIN[0]) * 1000) / 1000;
        const device = pair[turn];
        turn = 1 - turn;
        const t0 = performance.now();
        let ack: { ok: boolean; guess?: { id: number; readyAt: string }; error?: { code: string } };
        try {
          ack = await device.timeout(15_000).emitWithAck('message', { type: 'guess', x });
        } catch {
          unknown++;
          continue;
        }
        if (!ack.ok || !ack.guess) {
          refused[ack.error?.code ?? '?'] = (refused[ack.error?.code ?? '?'] ?? 0) + 1;
          await sleep(50);
          continue;
        }
        ackLatency.push(performance.now() - t0);
        accepted++;
        if (Date.now() <= stopAt) acceptedInWindow++;
        const { id } = ack.guess;
        const readyAt = Date.parse(ack.guess.readyAt);
        told.set(id, { x, fx: f(x) });
        const arrived = await new Promise<boolean>((resolveArrival) => {
          const timer = setTimeout(() => resolveArrival(false), Math.max(0, readyAt - Date.now()) + LOST_AFTER_MS);
          const p: Pending = { id, x, readyAt, receipts: 0, resolve: () => (clearTimeout(timer), resolveArrival(true)) };
          pending.set(id, p);
          for (const { at, m } of early.get(id) ?? []) check(p, at, m);
          early.delete(id);
        });
        if (!arrived) lost += 2 - pending.get(id)!.receipts;
        pending.delete(id);
        if (thinkMs) await sleep(Math.random() * thinkMs);
      }
    };
    await Promise.all(devices.map((pair, t) => team(pair, t)));
    const probed = await probeResult;
    const elapsed = Math.min(Date.now(), stopAt + 0) - started;
    loop.disable();
    const serverUse = readyWatch.stop();
    if (profiler) {
      const file = join(profileDir, `${name}.cpuprofile`);
      mkdirSync(profileDir, { recursive: true });
      await profiler.stop(file);
      profileFile = file;
    }
    const cpu = process.cpuUsage(cpu0);
    const leaderboardKb = BenchDecoder.leaderboardBytes / Math.max(1, BenchDecoder.leaderboards) / 1024;
    const updateKb = spectators.reduce((n, s) => n + s.updateBytes, 0) / Math.max(1, spectators.reduce((n, s) => n + s.updates.length, 0)) / 1024;
    BenchDecoder.leaderboards = 0;
    BenchDecoder.leaderboardBytes = 0;
    const otherCpu = othersCpuPercent(ticks0, cpuTicks(), [...ownProcessTree(), server.pid], Date.now() - started);
    const sentMBps = (BenchDecoder.bytes + spectators.reduce((n, s) => n + s.bytes, 0) - bytes0) / 2 ** 20 / ((Date.now() - started) / 1000);
    const clientCpu = ((cpu.user + cpu.system) / 1000 / (Date.now() - started)) * 100;
    // Let the last board update arrive.
    await sleep(600);

    // What the clients were told against what the server stored.
    const stored = (await api.admin<{ guesses: { id: number; x: number; fx: number }[] }>('GET', `/levels/${levelId}/guesses`)).guesses;
    const storedById = new Map(stored.map((g) => [g.id, g]));
    let storedMismatch = 0;
    for (const [id, g] of told) {
      const s = storedById.get(id);
      if (!s || s.x !== g.x || Math.abs(s.fx - g.fx) > 1e-9 * Math.max(1, Math.abs(g.fx))) storedMismatch++;
    }
    // Stored guesses nobody was told about: only a timed-out acknowledgement may explain one.
    // (the probe teams' guesses are their own: the probe checks them itself).
    storedMismatch += Math.max(0, stored.length - told.size - unknown - probed.accepted);

    // Board: lag from readyAt, and the spread between the first and the last spectator for the same update.
    // Every spectator was connected before the first guess and receives the same sequence of updates.
    const boardLag: number[] = [];
    const spread: number[] = [];
    let misaligned = 0;
    const updates = Math.min(...spectators.map((s) => s.updates.length));
    for (let k = 0; k < updates; k++) {
      let first = Infinity;
      for (const s of spectators) first = Math.min(first, s.updates[k].at);
      for (const s of spectators) {
        const u = s.updates[k];
        if (u.key !== spectators[0].updates[k].key) misaligned++;
        spread.push(u.at - first);
        if (u.oldestReadyAt !== null && u.oldestReadyAt >= started) boardLag.push(u.at - u.oldestReadyAt);
      }
    }
    const missedUpdates = Math.max(...spectators.map((s) => s.updates.length)) - updates;
    const row: SocketRow = {
      teams,
      devices: teams * 2,
      spectators: spectatorCount,
      delayMs,
      thinkMs,
      sentMBps,
      guessesPerSecond: ((acceptedInWindow + probed.accepted) * 1000) / elapsed,
      accepted,
      refused: unknown ? { ...refused, 'no ack': unknown } : refused,
      ackLatency: summarise(ackLatency),
      lateness: summarise(lateness),
      probe: { lateness: summarise(probed.lateness), lost: probed.lost, wrong: probed.wrong, loopDelayP99: probed.loopP99 },
      boardLag: summarise(boardLag),
      fanOutSpread: summarise(spread),
      lost,
      wrong,
      early: beforeReadyAt,
      storedMismatch,
      spectatorsDropped: spectators.filter((s) => s.closed).length,
      boardMisaligned: misaligned,
      missedUpdates,
      updates,
      server: serverUse,
      ...(profileFile ? { profile: summariseProfile(profileFile, 30) } : {}),
      client: { cpuPercent: clientCpu, loopDelayP99: loop.percentile(99) / 1e6 },
      otherCpu,
      messageKb: { leaderboard: leaderboardKb, boardUpdate: updateKb },
      loadBefore: waited.load,
    };
    log(
      `  ${fmt(row.guessesPerSecond)} guesses/s, lateness p50 ${fmt(row.lateness.p50)} p99 ${fmt(row.lateness.p99)} max ${fmt(row.lateness.max)} ms (probe: p50 ${fmt(row.probe.lateness.p50)} p99 ${fmt(row.probe.lateness.p99)} max ${fmt(row.probe.lateness.max)} ms of ${row.probe.lateness.n}, lost ${row.probe.lost}), ` +
        `leaderboard ${fmt(leaderboardKb, 1)} KB × ${teams * 2} devices, board update ${fmt(updateKb, 1)} KB × ${spectatorCount}, board lag p99 ${fmt(row.boardLag.p99)} ms, spread p99 ${fmt(row.fanOutSpread.p99)} ms, server ${fmt(serverUse.cpuPercent)}% CPU ${fmt(serverUse.peakRssMb)} MB, sent ${fmt(sentMBps, 1)} MB/s, ` +
        `lost ${lost}, wrong ${wrong}, stored mismatch ${storedMismatch}, board updates ${updates} (misaligned ${misaligned}, missed ${missedUpdates}, spectators dropped ${row.spectatorsDropped}), client ${fmt(clientCpu)}% CPU (loop p99 ${fmt(row.client.loopDelayP99)} ms), other processes ${fmt(otherCpu)}% CPU`,
    );
    return row;
  } finally {
    for (const pair of devices) for (const s of pair) s.disconnect();
    for (const s of spectators) s.close();
    await server.stop();
  }
}

// ---------------------------------------------------------------- report

function httpTable(rows: HttpRow[]): string {
  // The client is one process on one core: near a bare route's limit it is the bottleneck, so the fair comparison
  // is the server's CPU time per answered request.
  const cpuPerRequest = (r: HttpRow) => (r.cpuPercent * 10_000) / r.result.perSecond; // µs of server CPU per request
  const bareRow = rows.find((r) => r.target === 'bare Fastify' && r.route === 'GET /json');
  const lines = [
    '| target | route | requests/s | p50 / p99 / max (ms) | server CPU % | server CPU per request (µs) | vs bare GET (CPU per request) | server RSS peak (MB) | failures | other processes CPU % |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of rows) {
    const ratio = bareRow ? cpuPerRequest(r) / cpuPerRequest(bareRow) : NaN;
    lines.push(
      `| ${r.target} | ${r.route} | ${fmt(r.result.perSecond)} | ${fmt(r.result.latency.p50, 1)} / ${fmt(r.result.latency.p99, 1)} / ${fmt(r.result.latency.max, 1)} | ${fmt(r.cpuPercent)} | ${fmt(cpuPerRequest(r))} | ${fmt(ratio, 1)}× | ${fmt(r.peakRssMb)} | ${Object.entries(r.result.failures).map(([k, v]) => `${k}: ${v}`).join(', ') || '0'} | ${fmt(r.otherCpu)} |`,
    );
  }
  return lines.join('\n');
}

function socketTable(rows: SocketRow[]): string {
  const lines = [
    '| teams (devices) | spectators | delay (ms) | think (ms) | accepted guesses/s | result lateness p50 / p99 / max (ms) | probe teams’ lateness p50 / p99 / max (ms) | board lag p50 / p99 / max (ms) | fan-out spread p99 / max (ms) | server CPU % | server RSS peak (MB) | sent (MB/s) | lost | wrong | client CPU % (loop p99 ms) | other processes CPU % | load avg before |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.teams} (${r.devices}) | ${r.spectators} | ${r.delayMs} | 0–${r.thinkMs} | ${fmt(r.guessesPerSecond)} | ${fmt(r.lateness.p50)} / ${fmt(r.lateness.p99)} / ${fmt(r.lateness.max)} | ${fmt(r.probe.lateness.p50)} / ${fmt(r.probe.lateness.p99)} / ${fmt(r.probe.lateness.max)} | ${fmt(r.boardLag.p50)} / ${fmt(r.boardLag.p99)} / ${fmt(r.boardLag.max)} | ${fmt(r.fanOutSpread.p99)} / ${fmt(r.fanOutSpread.max)} | ${fmt(r.server.cpuPercent)} | ${fmt(r.server.peakRssMb)} | ${fmt(r.sentMBps, 1)} | ${r.lost + r.probe.lost} | ${r.wrong + r.early + r.storedMismatch + r.probe.wrong} | ${fmt(r.client.cpuPercent)} (${fmt(r.client.loopDelayP99)}) | ${fmt(r.otherCpu)} | ${r.loadBefore.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The rows whose figures count: a row measured while the machine's other processes used MAX_OTHER_CPU or more is
 * not written (tables, --out), and the bench says which and why.
 */
function onlyQuiet<T extends { otherCpu: number }>(rows: T[], name: (row: T) => string): T[] {
  const busy = rows.filter((r) => !(r.otherCpu < MAX_OTHER_CPU));
  if (busy.length) {
    log(`\n!! ${busy.length} row(s) not written: the machine was too busy for their figures to count (other processes used ${MAX_OTHER_CPU}% of one core or more; --max-other-cpu sets the limit). Run again on a quiet machine:`);
    for (const r of busy) log(`   ${name(r)}: other processes used ${fmt(r.otherCpu)}% CPU`);
  }
  return rows.filter((r) => !busy.includes(r));
}

async function main(): Promise<void> {
  log(`GD Arena load bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`);
  log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; busiest other processes: ${(await busiestProcesses([])).join('; ') || 'none'}`);
  let http: Awaited<ReturnType<typeof httpComparison>> | null = null;
  if (!flag('no-http')) {
    const waited = await waitForQuietMachine(MAX_LOAD, WAIT_LOAD_MS, log);
    log(`  load average before the HTTP runs: ${waited.load.toFixed(2)}`);
    http = await httpComparison();
    http.rows = onlyQuiet(http.rows, (r) => `HTTP ${r.target} ${r.route}`);
    log(httpTable(http.rows));
  }
  const rows: SocketRow[] = [];
  for (const delay of DELAYS) {
    for (const think of THINKS) {
      for (const teams of TEAMS) {
        for (const spectators of SPECTATORS) {
          const row = await socketRun(teams, spectators, think, delay);
          if (row.profile) log(`  CPU profile of the server over the measured window:\n${row.profile.map((l) => `    ${l}`).join('\n')}`);
          rows.push(row);
        }
      }
    }
  }
  log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; busiest other processes: ${(await busiestProcesses([])).join('; ') || 'none'}`);
  rows.splice(0, rows.length, ...onlyQuiet(rows, (r) => `${r.teams} teams / ${r.spectators} spectators / delay ${r.delayMs} / think ${r.thinkMs}`));
  if (http) {
    log(`\n${httpTable(http.rows)}\n\nHTTP guesses answered 202: ${http.stored.accepted}, stored: ${http.stored.stored}`);
    log(`One 1 MB body nested 450 000 deep holds the event loop: worst probe ${fmt(http.stall.arena)} ms on GD Arena (POST /api/guesses), ${fmt(http.stall.bare)} ms on bare Fastify (POST /json)`);
  }
  log(`\n${socketTable(rows)}`);
  const bad = rows.filter((r) => r.lost || r.wrong || r.early || r.storedMismatch || r.boardMisaligned || r.missedUpdates || r.spectatorsDropped || Object.keys(r.refused).length);
  if (bad.length) log(`\n!! runs with lost, wrong or refused guesses or board updates: ${bad.map((r) => `${r.teams}/${r.spectators}/${r.delayMs}/${r.thinkMs}: refused ${JSON.stringify(r.refused)}, misaligned ${r.boardMisaligned}, missed ${r.missedUpdates}, dropped ${r.spectatorsDropped}`).join('; ')}`);
  if (OUT) writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), http, rows }, null, 2));
}

main()
  .catch((err: unknown) => {
    log(`load bench failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const s of live) await s.kill();
    if (!PROFILE) rmSync(tmp, { recursive: true, force: true });
    else log(`profiles kept in ${profileDir}`);
    clearTimeout(watchdog);
    // socket.io-client keeps nothing alive after disconnect, but be sure the process ends.
    setTimeout(() => process.exit(), 200).unref();
  });
