/**
 * A flood does not stall the class. In each round three teams flood at once — a script's WebSocket with 300 000
 * guess frames and another with 300 000 `state` requests (each a full state read), written as fast as the client
 * can, and a page's Socket.IO socket emitting as fast as its client can — timed to land just before another
 * team's result is due. That team plays on over HTTP and Socket.IO: each result must reach its page within
 * 100 ms of its readyAt, and each guess be accepted promptly. The flooders run in a child process at the lowest
 * priority, as on another machine: this test's own event loop stays free to notice a late result, and on a small
 * shared machine the flooding client's own work does not take the server's CPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import type { FloodCommand, FloodOutcome, FloodReport } from './flood-client.ts';

const FRAMES = 300_000;
/**
 * The level's delay. A flood's first guess reaches the game; a second could only once that one's result is ready,
 * so the delay outlasts the time a flood takes to be cut off on a loaded machine (at 500 ms a PostgreSQL run once let
 * a flooder's second guess in).
 */
const DELAY_MS = 1500;
/** How long before the result is due each round's flood starts. */
const OFFSETS_MS = [150, 100, 60, 30, 10, 0];
/** The bound of the issue: a result reaches its page within this long after its readyAt. */
const LATE_MS = 100;

let server: TestServer;
let flooder: ChildProcess;
let page: Socket;
let playerToken = '';
let game: Awaited<ReturnType<typeof createGame>>;
const PLAYER = 3 * OFFSETS_MS.length + 1;
const reports: FloodReport[] = [];
const reportWaiters = new Set<() => void>();

async function login(team: number): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: 'flood' }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function command(c: FloodCommand): void {
  flooder.send(c);
}

/** The flooder's report of a round, or its failure (bounded). */
function report<T extends FloodReport['type']>(type: T, round: number, timeoutMs = 30_000): Promise<Extract<FloodReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reportWaiters.delete(check);
      reject(new Error(`no ${type} report for round ${round} within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      const found = reports.find((r) => r.round === round && (r.type === type || r.type === 'failed'));
      if (!found) return;
      clearTimeout(timer);
      reportWaiters.delete(check);
      if (found.type === 'failed') reject(new Error(`round ${round}: ${found.error}`));
      else resolve(found as Extract<FloodReport, { type: T }>);
    };
    reportWaiters.add(check);
    check();
  });
}

/** The page's `ready` for a guess, with the moment it arrived here. */
const readies = new Map<number, number>();
const readyWaiters = new Set<() => void>();
function readyOf(guessId: number, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      readyWaiters.delete(check);
      reject(new Error(`no ready for guess ${guessId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      const at = readies.get(guessId);
      if (at === undefined) return;
      clearTimeout(timer);
      readyWaiters.delete(check);
      resolve(at);
    };
    readyWaiters.add(check);
    check();
  });
}

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'error' });
  game = await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-10, 10]], delayMs: DELAY_MS, budget: null, password: 'flood' }], teams: PLAYER });
  flooder = fork(new URL('./flood-client.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  if (flooder.pid) setPriority(flooder.pid, 19);
  flooder.on('message', (r: FloodReport) => {
    reports.push(r);
    for (const check of [...reportWaiters]) check();
  });
  flooder.on('exit', (code) => {
    reports.push(...OFFSETS_MS.map((_, round) => ({ type: 'failed' as const, round, error: `the flooding process exited (${code})` })));
    for (const check of [...reportWaiters]) check();
  });
  playerToken = await login(PLAYER);
  page = io(`${server.url}/team`, { auth: { token: playerToken }, transports: ['websocket'], reconnection: false, forceNew: true });
  page.on('message', (m: { type: string; guessId?: number }) => {
    if (m.type !== 'ready' || m.guessId === undefined) return;
    readies.set(m.guessId, Date.now());
    for (const check of [...readyWaiters]) check();
  });
  await new Promise<void>((resolve, reject) => {
    page.once('message', () => resolve());
    page.once('connect_error', reject);
  });
}, 60_000);

afterAll(async () => {
  page?.disconnect();
  flooder?.removeAllListeners('exit');
  flooder?.kill();
  await server?.close();
});

describe('three teams flooding at once', () => {
  it('never delays another team: its results arrive within 100 ms of readyAt and its guesses are accepted at once', async () => {
    const lateness: number[] = [];
    const acceptMs: number[] = [];
    const done: Promise<FloodOutcome | Error>[] = [];
    // The server runs on this thread: how long its event loop was held, for the log (timings are not asserted
    // beyond the issue's bound on lateness).
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    for (const [round, offset] of OFFSETS_MS.entries()) {
      const tokens = { guesses: await login(3 * round + 1), states: await login(3 * round + 2), page: await login(3 * round + 3) };
      command({ type: 'prepare', round, url: server.url, tokens, frames: FRAMES });
      await report('prepared', round);

      // Every other guess over HTTP, the others from the page's socket.
      const x = round / 10;
      const sent = Date.now();
      let guess: { id: number; readyAt: string };
      if (round % 2 === 0) {
        const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${playerToken}` }, body: JSON.stringify({ x }) });
        expect(res.status).toBe(202);
        guess = (await res.json()) as typeof guess;
      } else {
        const ack = await page.timeout(5000).emitWithAck('message', { type: 'guess', x, id: `r${round}` });
        expect(ack).toMatchObject({ ok: true, id: `r${round}`, guess: { status: 'pending' } });
        guess = ack.guess;
      }
      acceptMs.push(Date.now() - sent);
      const readyAt = Date.parse(guess.readyAt);

      const wait = readyAt - offset - Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      command({ type: 'go', round });
      done.push(report('done', round).then((d) => d.outcome, (err: Error) => err));
      const arrived = await readyOf(guess.id);
      lateness.push(arrived - readyAt);
    }
    loop.disable();
    const outcomes = await Promise.all(done);
    for (const outcome of outcomes) if (outcome instanceof Error) throw outcome;
    console.log(`flood: lateness of results (ms) ${lateness.join(', ')}; guesses accepted in (ms) ${acceptMs.join(', ')}; longest event-loop delay ${(loop.max / 1e6).toFixed(1)} ms`);
    console.log(`flood: answers before the close ${(outcomes as FloodOutcome[]).map((o) => `${o.guesses.answers}/${o.states.answers}`).join(', ')}; page messages emitted before its disconnect ${(outcomes as FloodOutcome[]).map((o) => o.page.emitted).join(', ')}`);

    for (const outcome of outcomes as FloodOutcome[]) {
      // Each flooder was cut off as a flood: the scripts with 4429, the page by the server.
      expect(outcome.guesses).toMatchObject({ code: 4429, written: FRAMES });
      expect(outcome.states).toMatchObject({ code: 4429, written: FRAMES });
      expect(outcome.page.reason).toBe('io server disconnect');
      expect(outcome.page.emitted).toBeGreaterThan(0);
    }
    // Never before readyAt, never more than 100 ms after it; the guesses were accepted as fast.
    for (const late of lateness) {
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThanOrEqual(LATE_MS);
    }
    for (const ms of acceptMs) expect(ms).toBeLessThanOrEqual(LATE_MS);
    // The player's guesses are all stored; of each flood at most the first message reached the game.
    const stored = (await server.admin('GET', `/levels/${game.levels[0].id}/guesses`)).guesses as { teamId: number }[];
    const byTeam = (number: number) => stored.filter((g) => g.teamId === game.teams.find((t) => t.number === number)?.id).length;
    expect(byTeam(PLAYER)).toBe(OFFSETS_MS.length);
    for (let team = 1; team < PLAYER; team++) expect(byTeam(team)).toBeLessThanOrEqual(1);
  }, 120_000);
});
