/**
 * Sign-ins must not hold results back (issue 12): while teams play in a closed loop, bursts of 50 wrong admin
 * passwords and 50 wrong team logins arrive at once, every second; the lateness of every result pushed meanwhile
 * (arrival − readyAt, on the teams' Socket.IO pages) is compared with a quiet stretch of the same run.
 *
 * The admin password is hashed with scrypt (~80 ms of CPU each) on libuv's thread pool, and the server's sign-in
 * limits answer most of a burst with 429 before any hashing; the result pushes run on the event loop.
 *
 * Run: npx tsx bench/signin-burst.ts [--teams 20] [--seconds 10]      (npm run bench:signin)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { buildServer } from '../scripts/build-server.mjs';
import { staleParts } from '../scripts/ensure-build.mjs';
import { apiClient, startServer } from './load-process.ts';
import { cpuTicks, fmt, othersCpuPercent, ownProcessTree, summarise } from './load-stats.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const TEAMS = Number(option('teams', '20'));
const SECONDS = Number(option('seconds', '10'));
const DELAY_MS = 200;
const ADMIN_PASSWORD = 'signin-burst-admin';
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  log(`GD Arena sign-in burst bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(`${TEAMS} teams in a closed loop at a ${DELAY_MS} ms delay; ${SECONDS} s quiet, then ${SECONDS} s with a burst every second of 50 wrong admin passwords and 50 wrong team logins`);
  if (staleParts().server) await buildServer();
  const tmp = mkdtempSync(join(os.tmpdir(), 'gd-signin-burst-'));
  const server = await startServer({ databaseUrl: `file:${join(tmp, 'arena.db')}`, adminPassword: ADMIN_PASSWORD, env: { LOG_LEVEL: 'error' } });
  const sockets: Socket[] = [];
  try {
    const api = apiClient(server.url);
    await api.signIn(ADMIN_PASSWORD);
    const game = await api.admin<{ id: number }>('POST', '/games', { title: 'Burst', loginDelayMs: 0 });
    await api.admin('POST', `/games/${game.id}/activate`);
    const level = await api.admin<{ id: number }>('POST', `/games/${game.id}/levels`, { title: 'Bowl', expression: '(x - 1)^2 + 2', domain: [[-10, 10]], delayMs: DELAY_MS, budget: null, password: 'burst' });
    await api.admin('POST', `/levels/${level.id}/open`);
    await api.admin('POST', `/games/${game.id}/teams`, { count: TEAMS });

    const lateness: { at: number; ms: number }[] = [];
    const pending = new Map<number, number>();
    for (let team = 1; team <= TEAMS; team++) {
      const socket = io(`${server.url}/team`, { auth: { token: await api.login(team, 'burst') }, transports: ['websocket'], forceNew: true });
      sockets.push(socket);
      let x = Math.random() * 8 - 4;
      const guess = () => {
        x = x > 4 ? -4 : x + 0.3;
        socket.timeout(10_000).emit('message', { type: 'guess', x }, (err: unknown, ack: { ok: boolean; guess?: { id: number; readyAt: string } }) => {
          if (err || !ack.ok || !ack.guess) return void setTimeout(guess, 50);
          pending.set(ack.guess.id, Date.parse(ack.guess.readyAt));
        });
      };
      socket.on('message', (m: { type: string; guessId?: number; own?: boolean }) => {
        if (m.type !== 'ready' || m.guessId === undefined || !pending.has(m.guessId)) return;
        const now = Date.now();
        lateness.push({ at: now, ms: now - pending.get(m.guessId)! });
        pending.delete(m.guessId);
        guess();
      });
      socket.once('connect', guess);
    }

    const ticks0 = cpuTicks();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const burstFrom = Date.now();
    const answers = new Map<number, number>();
    for (let s = 0; s < SECONDS; s++) {
      const burst = [
        ...Array.from({ length: 50 }, () => api.call('POST', '/api/admin/login', { password: `wrong-${Math.random()}` })),
        ...Array.from({ length: 50 }, (_, i) => api.call('POST', '/api/login', { team: (i % TEAMS) + 1, password: `wrong-${Math.random()}` })),
      ];
      void Promise.all(burst).then((rs) => rs.forEach((r) => answers.set(r.status, (answers.get(r.status) ?? 0) + 1)));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const ended = Date.now();
    const otherCpu = othersCpuPercent(ticks0, cpuTicks(), [...ownProcessTree(), ...ownProcessTree(server.pid)], ended - started);
    const quiet = summarise(lateness.filter((l) => l.at < burstFrom).map((l) => l.ms));
    const bursts = summarise(lateness.filter((l) => l.at >= burstFrom && l.at < ended).map((l) => l.ms));
    log('\n| stretch | results | lateness p50 / p99 / max (ms) |');
    log('|---|---:|---:|');
    log(`| quiet | ${quiet.n} | ${fmt(quiet.p50)} / ${fmt(quiet.p99)} / ${fmt(quiet.max)} |`);
    log(`| 50 wrong admin + 50 wrong team logins every second | ${bursts.n} | ${fmt(bursts.p50)} / ${fmt(bursts.p99)} / ${fmt(bursts.max)} |`);
    log(`\nsign-in answers during the bursts: ${[...answers].map(([status, n]) => `${status}: ${n}`).join(', ')}`);
    log(`a burst delays a result push by at most ${fmt(Math.max(0, bursts.max - quiet.max))} ms more than the quiet stretch's worst (target ≤ 50 ms: ${bursts.max - quiet.max <= 50 ? 'met' : 'NOT met'})`);
    if (otherCpu >= 20) log(`other processes used ${fmt(otherCpu)}% of one core meanwhile — too busy for these figures to count: run again on a quiet machine`);
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`sign-in burst bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
