/**
 * Faults: the server process killed in the middle of a game, every socket coming back at once, a client that never
 * reads, a database that cannot be written. The process tests spawn the built server (bench/load-process.ts) on
 * their own SQLite file and kill it with SIGKILL, as a power cut or the OOM killer would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket as NetSocket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_PASSWORD, createGame, startTestServer, tempDatabase } from '../helpers/server.ts';
import { buildApp } from '../../server/app.ts';
import { apiClient, startServer, type ServerProcess } from '../../bench/load-process.ts';

const EXPRESSION = '(x - 1)^2 + 2';
const f = (x: number) => (x - 1) ** 2 + 2;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A start takes 1–3 s; a loaded CI machine may take this long. */
const START_MS = 60_000;

const processes: ServerProcess[] = [];
const sockets: Socket[] = [];
/** Undone last-in first-out after the file's tests (a server closes before the disk under it is unmounted). */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const p of processes) await p.kill();
  for (const c of cleanups.reverse()) await c();
});

async function spawnServer(databaseUrl: string, options: { port?: number; uid?: number } = {}): Promise<ServerProcess> {
  const server = await startServer({ databaseUrl, adminPassword: ADMIN_PASSWORD, port: options.port, uid: options.uid, env: { LOGIN_FAILURE_LIMIT: '100000' }, startTimeoutMs: START_MS });
  processes.push(server);
  return server;
}

async function setUp(server: ServerProcess, spec: { teams: number; delayMs: number; password: string }) {
  const api = apiClient(server.url);
  await api.signIn(ADMIN_PASSWORD);
  const { levels, teams } = await createGame(api, { levels: [{ expression: EXPRESSION, domain: [[-10, 10]], delayMs: spec.delayMs, budget: null, password: spec.password }], teams: spec.teams });
  return { api, levelId: levels[0].id, teams };
}

/** A team device that follows the server through restarts (socket.io-client's own reconnection). */
function device(url: string, token: string, reconnection = true): Socket & { heard: { at: number; m: any }[] } {
  const socket = io(`${url}/team`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0 });
  sockets.push(socket);
  const heard: { at: number; m: any }[] = [];
  socket.on('message', (m: any) => heard.push({ at: Date.now(), m }));
  return Object.assign(socket, { heard });
}

/** The result of guess `id` as this device learnt it: a `ready` push, or a ready entry of a `state` after reconnecting. */
function learnt(d: { heard: { at: number; m: any }[] }, id: number): { at: number; g: any } | undefined {
  for (const { at, m } of d.heard) {
    if (m.type === 'ready' && m.guessId === id) return { at, g: m };
    if (m.type === 'state') {
      const g = m.guesses.find((x: any) => x.id === id && x.status === 'ready');
      if (g) return { at, g };
    }
  }
  return undefined;
}

/**
 * The guesses' x and the moment of the kill come from seeded generators (mulberry32; one per team, so which team
 * draws which x does not depend on timing): the seed is printed, and FAULTS_SEED=<seed> replays them.
 */
const SEED = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
console.log(`faults.test.ts: seed ${SEED} (replay with FAULTS_SEED=${SEED})`);
function seeded(stream: number): () => number {
  let a = (SEED + Math.imul(stream, 0x9e3779b9)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const teamRandom = new Map<number, () => number>();
/** The next x of `team`'s own sequence. */
const randomX = (team: number) => {
  if (!teamRandom.has(team)) teamRandom.set(team, seeded(team));
  return Math.round((teamRandom.get(team)!() * 20 - 10) * 1000) / 1000;
};

describe('a server killed with SIGKILL in the middle of a game', () => {
  it('restarts on the same file with every accepted guess kept and every pending one delivered, on both doors', async () => {
    const db = tempDatabase();
    cleanups.push(db.remove);
    let server = await spawnServer(db.url);
    const { api, levelId } = await setUp(server, { teams: 16, delayMs: 1200, password: 'crash' });
    const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => api.login(i + 1, 'crash')));
    const accepted: { id: number; x: number; readyAt: number; token: string; door: 'http' | 'socket'; team: number }[] = [];
    let inFlight = 0;
    let unknown = 0;
    let killed = false;
    const refusals: string[] = [];

    // Teams 1–8 script over HTTP, teams 9–16 play from the page (Socket.IO): each submits, waits for its result, again.
    const httpTeam = async (team: number) => {
      const token = tokens[team - 1];
      for (let round = 0; round < 50 && !killed; round++) {
        const x = randomX(team);
        inFlight++;
        let answer: { status: number; body: any };
        try {
          const res = await fetch(`${server.url}/api/guesses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ x }), signal: AbortSignal.timeout(5000) });
          answer = { status: res.status, body: await res.json() };
        } catch {
          // Cut by the kill: the guess may or may not have been committed before the process died.
          unknown++;
          return;
        } finally {
          inFlight--;
        }
        if (answer.status !== 202) return void refusals.push(`team ${team}: ${answer.status} ${JSON.stringify(answer.body)}`);
        accepted.push({ id: answer.body.id, x, readyAt: Date.parse(answer.body.readyAt), token, door: 'http', team });
        await sleep(Date.parse(answer.body.readyAt) - Date.now() + 5);
      }
    };
    const devices = new Map<number, ReturnType<typeof device>>();
    const socketTeam = async (team: number) => {
      const d = device(server.url, tokens[team - 1]);
      devices.set(team, d);
      await new Promise<void>((r) => d.once('connect', () => r()));
      for (let round = 0; round < 50 && !killed; round++) {
        const x = randomX(team);
        let ack: any;
        try {
          ack = await d.timeout(3000).emitWithAck('message', { type: 'guess', x });
        } catch {
          unknown++;
          return;
        }
        if (!ack.ok) return void refusals.push(`team ${team}: ${JSON.stringify(ack)}`);
        accepted.push({ id: ack.guess.id, x, readyAt: Date.parse(ack.guess.readyAt), token: tokens[team - 1], door: 'socket', team });
        const deadline = Date.now() + 5000;
        while (!killed && !learnt(d, ack.guess.id) && Date.now() < deadline) await sleep(20);
      }
    };
    const teamsRunning = Promise.all([...Array.from({ length: 8 }, (_, i) => httpTeam(i + 1)), ...Array.from({ length: 8 }, (_, i) => socketTeam(i + 9))]);

    // Kill at a moment the clients do not choose: somewhere in the third round of guesses.
    await sleep(2600 + seeded(0)() * 1000);
    killed = true;
    const inFlightAtKill = inFlight;
    const killedAt = Date.now();
    await server.kill();
    await teamsRunning;
    const pendingAtKill = accepted.filter((g) => g.readyAt > killedAt);
    expect(refusals).toEqual([]);
    expect(accepted.length).toBeGreaterThan(16);
    expect(pendingAtKill.length).toBeGreaterThan(0);

    server = await spawnServer(db.url, { port: server.port });
    await api.signIn(ADMIN_PASSWORD);

    // Every guess a client was told was accepted is stored, with its x and the right f(x).
    const stored = (await api.admin<{ guesses: { id: number; x: number; fx: number; teamId: number }[] }>('GET', `/levels/${levelId}/guesses`)).guesses;
    const byId = new Map(stored.map((g) => [g.id, g]));
    for (const g of accepted) {
      expect(byId.get(g.id), `guess ${g.id}`).toMatchObject({ x: g.x });
      expect(close(byId.get(g.id)!.fx, f(g.x))).toBe(true);
    }
    // Anything else stored was committed by a request the kill cut before its answer went out.
    expect(stored.length - accepted.length).toBeGreaterThanOrEqual(0);
    expect(stored.length - accepted.length).toBeLessThanOrEqual(unknown + inFlightAtKill);

    // Every pending guess is delivered after the restart: to HTTP scripts on their old tokens…
    for (const g of pendingAtKill.filter((p) => p.door === 'http')) {
      const res = await fetch(`${server.url}/api/guesses/${g.id}?wait=1`, { headers: { authorization: `Bearer ${g.token}` }, signal: AbortSignal.timeout(30_000) });
      const answeredAt = Date.now();
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ id: g.id, status: 'ready', x: g.x });
      expect(close(body.fx, f(g.x))).toBe(true);
      expect(answeredAt).toBeGreaterThanOrEqual(g.readyAt);
    }
    // …and to the page's sockets, which reconnect by themselves: pushed at readyAt, or in the state on reconnect.
    for (const g of pendingAtKill.filter((p) => p.door === 'socket')) {
      const d = devices.get(g.team)!;
      await expect.poll(() => learnt(d, g.id), { timeout: 30_000, interval: 100 }).toBeDefined();
      const { at, g: view } = learnt(d, g.id)!;
      expect(at).toBeGreaterThanOrEqual(g.readyAt);
      expect(view).toMatchObject({ id: g.id, status: 'ready', x: g.x });
      expect(close(view.fx, f(g.x))).toBe(true);
    }
    await server.stop();
  }, 240_000);

  it('takes back every socket when they all reconnect at once, with presence counted right and results flowing', async () => {
    const db = tempDatabase();
    cleanups.push(db.remove);
    let server = await spawnServer(db.url);
    const TEAMS = 60;
    const { api, levelId, teams } = await setUp(server, { teams: TEAMS, delayMs: 2000, password: 'storm' });
    // Two devices per team: the first claims the team, the second joins with its code (tokens[2k], tokens[2k + 1]).
    const first = await Promise.all(Array.from({ length: TEAMS }, (_, k) => api.login(k + 1, 'storm')));
    const second = await Promise.all(Array.from({ length: TEAMS }, (_, k) => api.login(k + 1, 'storm')));
    const tokens = first.flatMap((token, k) => [token, second[k]]);
    const devices = tokens.map((t) => device(server.url, t));
    const boards = Array.from({ length: 40 }, () => {
      const b = io(`${server.url}/board`, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0 });
      sockets.push(b);
      const heard: string[] = [];
      b.on('message', (m: any) => heard.push(m.type));
      return Object.assign(b, { heard });
    });
    await expect.poll(() => devices.filter((d) => d.heard.some((h) => h.m.type === 'state')).length, { timeout: 30_000 }).toBe(TEAMS * 2);
    await expect.poll(() => boards.filter((b) => b.heard.includes('board')).length, { timeout: 30_000 }).toBe(40);
    // Half the teams have a guess pending when the server dies.
    const pending = await Promise.all(devices.filter((_, i) => i % 4 === 0).map(async (d) => ({ d, ack: await d.timeout(5000).emitWithAck('message', { type: 'guess', x: 3 }) })));
    for (const { ack } of pending) expect(ack.ok).toBe(true);

    await server.kill();
    const statesBefore = devices.map((d) => d.heard.filter((h) => h.m.type === 'state').length);
    const boardsBefore = boards.map((b) => b.heard.filter((t) => t === 'board').length);
    // Every client retries every 100–500 ms in lockstep (no jitter): the worst case of a restart.
    server = await spawnServer(db.url, { port: server.port });

    await expect.poll(() => devices.filter((d, i) => d.connected && d.heard.filter((h) => h.m.type === 'state').length > statesBefore[i]).length, { timeout: 60_000, interval: 200 }).toBe(TEAMS * 2);
    await expect.poll(() => boards.filter((b, i) => b.connected && b.heard.filter((t) => t === 'board').length > boardsBefore[i]).length, { timeout: 30_000, interval: 200 }).toBe(40);
    await api.signIn(ADMIN_PASSWORD);
    // The admin monitor counts each team's two devices once, not once per connection attempt.
    await expect
      .poll(async () => Object.values((await api.admin<{ devices: Record<string, number> }>('GET', `/levels/${levelId}/monitor`)).devices), { timeout: 15_000, interval: 300 })
      .toEqual(teams.map(() => 2));
    for (const { d, ack } of pending) await expect.poll(() => learnt(d, ack.guess.id)?.g.fx, { timeout: 15_000 }).toBe(f(3));
    // And play goes on: a team that had no pending guess submits one and both devices get it.
    const ack = await devices[2].timeout(5000).emitWithAck('message', { type: 'guess', x: -2 });
    expect(ack.ok).toBe(true);
    for (const d of [devices[2], devices[3]]) await expect.poll(() => learnt(d, ack.guess.id)?.g.fx, { timeout: 15_000 }).toBe(f(-2));
    for (const s of [...devices, ...boards]) s.disconnect();
    await server.stop();
  }, 240_000);
});

// ---------------------------------------------------------------- a client that never reads

/** A raw WebSocket client over TCP that reads until told to stop, then never reads again. */
class StalledClient {
  private buffer = Buffer.alloc(0);
  readonly frames: string[] = [];
  readonly socket: NetSocket;

  constructor(port: number, path: string) {
    this.socket = netConnect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    let upgraded = false;
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (!upgraded) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        this.buffer = this.buffer.subarray(end + 4);
      }
      this.parse();
    });
  }

  /** Server frames are unmasked: FIN/opcode, a 7-, 16- or 64-bit length, the payload. */
  private parse(): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      this.frames.push(this.buffer.subarray(offset, offset + length).toString('utf8'));
      this.buffer = this.buffer.subarray(offset + length);
    }
  }

  /** A masked text frame, as a client must send. */
  send(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const masked = Buffer.alloc(payload.length);
    for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  /** Stops reading for good: the kernel buffers fill, then the server's. */
  stall(): void {
    this.socket.removeAllListeners('data');
    this.socket.pause();
  }
}

describe('a client that never reads', () => {
  it('does not stall the others: results, board updates and HTTP go on while its backlog grows', async () => {
    const server = await startTestServer({ logLevel: 'error' });
    cleanups.push(() => server.close());
    // Many teams make every state and board message large, so the stalled clients' backlogs grow fast.
    const { teams } = await createGame(server, { levels: [{ expression: EXPRESSION, domain: [[-10, 10]], delayMs: 300, password: 'slow', budget: null }], teams: 200 });
    const port = Number(new URL(server.url).port);
    const codes = new Map<number, string>();
    const login = async (team: number) => {
      const body = { team, password: 'slow', ...(codes.has(team) ? { code: codes.get(team) } : {}) };
      const answer = (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { token: string; team: { code: string } };
      codes.set(team, answer.team.code);
      return answer.token;
    };

    // One stalled Socket.IO team device and one stalled plain-WebSocket script, both asking for their full state
    // again and again; and one stalled board spectator.
    const slowToken = await login(1);
    const slow = new StalledClient(port, '/socket.io/?EIO=4&transport=websocket');
    await expect.poll(() => slow.frames.some((f) => f.startsWith('0{')), { timeout: 5000 }).toBe(true);
    slow.send(`40/team,${JSON.stringify({ token: slowToken })}`);
    await expect.poll(() => slow.frames.some((f) => f.startsWith('40/team,')), { timeout: 5000 }).toBe(true);
    const slowBoard = new StalledClient(port, '/socket.io/?EIO=4&transport=websocket');
    await expect.poll(() => slowBoard.frames.some((f) => f.startsWith('0{')), { timeout: 5000 }).toBe(true);
    slowBoard.send('40/board,');
    await expect.poll(() => slowBoard.frames.some((f) => f.startsWith('40/board,')), { timeout: 5000 }).toBe(true);
    const slowScript = new StalledClient(port, `/api/ws?token=${await login(2)}`);
    await expect.poll(() => slowScript.frames.some((f) => f.includes('"state"')), { timeout: 5000 }).toBe(true);
    for (const c of [slow, slowBoard, slowScript]) {
      c.stall();
      cleanups.push(() => c.socket.destroy());
    }
    // The server really holds undelivered data for the stalled Socket.IO device (its engine's write buffer or the
    // socket's queue), so what follows runs beside a genuine backlog.
    const stalledConn = () => [...server.app.io.of('/team').sockets.values()].find((s) => (s.data.session as { teamId: number }).teamId === teams[0].id)?.conn as any;
    const backlog = () => {
      const conn = stalledConn();
      if (!conn) return 0;
      return conn.writeBuffer.length + (conn.transport?.socket?.bufferedAmount ?? 0);
    };
    // Within the fair share of a socket, until the backlog is there: a burst of them at once is a flood (closed
    // instead), and so were these, sent every 2 ms, once on a loaded machine where each took longer to answer.
    for (let i = 0; i < 1000 && backlog() === 0 && stalledConn(); i++) {
      slow.send('42/team,["message",{"type":"state"}]');
      slowScript.send('{"type":"state"}');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stalledConn(), 'the stalled device is still connected (not closed as a flood)').toBeDefined();
    await expect.poll(backlog, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);

    // Meanwhile a team plays five rounds on its two devices, a spectator watches, and HTTP answers.
    const token = await login(3);
    const phone = device(server.url, token, false);
    const laptop = device(server.url, await login(3));
    const watcher = io(`${server.url}/board`, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(watcher);
    const updates: number[] = [];
    watcher.on('message', (m: any) => m.type === 'update' && updates.push(Date.now()));
    await expect.poll(() => phone.connected && laptop.connected && watcher.connected, { timeout: 10_000 }).toBe(true);
    for (let round = 0; round < 5; round++) {
      const x = randomX(3);
      const ack = await (round % 2 ? laptop : phone).timeout(5000).emitWithAck('message', { type: 'guess', x });
      expect(ack.ok).toBe(true);
      const readyAt = Date.parse(ack.guess.readyAt);
      for (const d of [phone, laptop]) {
        await expect.poll(() => learnt(d, ack.guess.id), { timeout: 5000, interval: 20 }).toBeDefined();
        const { at, g } = learnt(d, ack.guess.id)!;
        expect(at).toBeGreaterThanOrEqual(readyAt);
        expect(close(g.fx, f(x))).toBe(true);
      }
      expect((await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
    }
    expect(updates.length).toBeGreaterThan(0);
    // Still stalled, still backed up: nobody waited for it.
    expect(backlog()).toBeGreaterThan(0);
    phone.disconnect();
    laptop.disconnect();
    watcher.disconnect();
  }, 60_000);
});

// ---------------------------------------------------------------- a database that cannot be written

describe('a database file that cannot be written', () => {
  const root = process.getuid?.() === 0;
  // As root, file modes do not stop writes: the folder is bind-mounted read-only over itself instead (the server
  // keeps running as root, so it needs no access to the project beyond what the test run has).
  const canBind = (() => {
    if (!root || process.platform !== 'linux') return !root;
    const probe = mkdtempSync(join(tmpdir(), 'gd-arena-bind-'));
    try {
      execFileSync('mount', ['--bind', probe, probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();
  const uid = undefined;
  const bound = new Set<string>();
  /** A fresh folder for the test's database. */
  function folder(_own: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'gd-arena-ro-'));
    cleanups.push(() => {
      makeWritable(join(dir, 'gd-arena.db'));
      rmSync(dir, { recursive: true, force: true });
    });
    chmodSync(dir, 0o755);
    return dir;
  }
  function makeReadOnly(file: string): void {
    const dir = dirname(file);
    if (root) {
      // Files already open keep writing through the original mount, as they would after a chmod.
      execFileSync('mount', ['--bind', dir, dir], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'ignore' });
      bound.add(dir);
      return;
    }
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o444);
    chmodSync(dir, 0o555);
  }
  function makeWritable(file: string): void {
    const dir = dirname(file);
    if (bound.delete(dir)) {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      return;
    }
    if (!existsSync(dir)) return;
    chmodSync(dir, 0o755);
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o644);
  }

  it.skipIf(!canBind)('refuses to start on a read-only file with one clear message and exit code 1, not a stack trace', async () => {
    const file = join(folder(false), 'gd-arena.db');
    // A database closed cleanly (its WAL checkpointed away), owned by someone else or made read-only.
    const app = await buildApp({ databaseUrl: `file:${file}`, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', seedDemo: false });
    await app.ready();
    await app.close();
    makeReadOnly(file);

    const refused = await startServer({ databaseUrl: `file:${file}`, adminPassword: ADMIN_PASSWORD, uid, expectExit: true, startTimeoutMs: START_MS });
    expect(refused.child.exitCode).toBe(1);
    const output = refused.output();
    expect(output).toContain('GD Arena could not start');
    expect(output).toMatch(/readonly|not writable/i);
    expect(output).toContain('check DATABASE_URL and permissions');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 120_000);

  it.skipIf(!canBind)('keeps writing while the file is made read-only under it; restarted on it, serves reads and answers 503 STORAGE_ERROR on writes', async () => {
    const file = join(folder(true), 'gd-arena.db');
    let server = await spawnServer(`file:${file}`, { uid });
    const { api } = await setUp(server, { teams: 2, delayMs: 0, password: 'ro' });
    const token = await api.login(1, 'ro');
    const guess = (x: number) => api.call('POST', '/api/guesses', { x }, token);
    expect((await guess(1)).status).toBe(202);

    makeReadOnly(file);
    // SQLite checks permissions when it opens the file, not on each write: the running server keeps its handle.
    expect((await guess(2)).status).toBe(202);
    expect(await server.stop()).toBe(0);

    // The WAL files could not be removed from the read-only folder, so SQLite reopens the file read-only.
    server = await spawnServer(`file:${file}`, { uid, port: server.port });
    expect((await api.call('GET', '/api/guesses', undefined, token)).body.guesses.map((g: any) => g.x)).toEqual([1, 2]);
    expect((await api.call('GET', '/api/me', undefined, token)).status).toBe(200);
    expect((await api.call('GET', '/api/board')).status).toBe(200);
    // It says so: in the banner, and in /api/health (where the container's health check looks).
    expect(server.output()).toMatch(/WARNING: the database file is read-only/);
    expect((await api.call('GET', '/api/health')).body).toMatchObject({ ok: false, writable: false });
    const storageError = { status: 503, body: { error: { code: 'STORAGE_ERROR' } } };
    expect(await guess(3)).toMatchObject(storageError);
    expect(await api.call('POST', '/api/login', { team: 2, password: 'ro' })).toMatchObject(storageError);
    expect(await server.stop()).toBe(0);

    // Writable again: nothing was lost, and writes go on.
    makeWritable(file);
    server = await spawnServer(`file:${file}`, { uid, port: server.port });
    expect((await api.call('GET', '/api/health')).body).toMatchObject({ ok: true, writable: true });
    expect(server.output()).not.toMatch(/read-only/);
    expect((await guess(4)).status).toBe(202);
    expect((await api.call('GET', '/api/guesses', undefined, token)).body.guesses.map((g: any) => g.x)).toEqual([1, 2, 4]);
    await server.stop();
  }, 240_000);

  // A full disk is the write failure a running server does meet. A small tmpfs makes one; mounting needs root
  // and CAP_SYS_ADMIN, so elsewhere this test is skipped.
  const mountPoint = join(tmpdir(), `gd-arena-full-${process.pid}`);
  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      cleanups.push(() => {
        try {
          execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
        } catch {
          // already gone
        }
        rmSync(mountPoint, { recursive: true, force: true });
      });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canMount)('answers 503 STORAGE_ERROR on every write door when the disk is full, keeps serving reads, and recovers', async () => {
    const server = await startTestServer({ databaseUrl: `file:${join(mountPoint, 'gd-arena.db')}`, logLevel: 'silent' });
    cleanups.push(() => server.close());
    await createGame(server, { levels: [{ expression: EXPRESSION, domain: [[-10, 10]], delayMs: 0, password: 'full', budget: null }], teams: 3 });
    const api = apiClient(server.url);
    const token = await api.login(1, 'full');
    const page = device(server.url, await api.login(2, 'full'), false);
    await expect.poll(() => page.heard.some((h) => h.m.type === 'state'), { timeout: 5000 }).toBe(true);
    expect((await api.call('POST', '/api/guesses', { x: 1 }, token)).status).toBe(202);

    // Fill the disk.
    const filler = join(mountPoint, 'filler');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // dd stops with "No space left on device": that is the point
    }
    const storageError = { status: 503, body: { error: { code: 'STORAGE_ERROR' } } };
    expect(await api.call('POST', '/api/guesses', { x: 2 }, token)).toMatchObject(storageError);
    expect(await api.call('POST', '/api/login', { team: 3, password: 'full' })).toMatchObject(storageError);
    expect(await api.call('POST', '/api/admin/games', { title: 'Another' }, server.adminToken)).toMatchObject(storageError);
    // Reads go on: the team's page, the board, the guesses already made.
    expect((await api.call('GET', '/api/me', undefined, token)).status).toBe(200);
    expect((await api.call('GET', '/api/board')).status).toBe(200);
    expect((await api.call('GET', '/api/guesses', undefined, token)).body.guesses).toHaveLength(1);
    // The page's door says the same as HTTP.
    expect(await page.timeout(5000).emitWithAck('message', { type: 'guess', x: 2 })).toMatchObject({ ok: false, error: { code: 'STORAGE_ERROR' } });

    rmSync(filler);
    expect((await api.call('POST', '/api/guesses', { x: 3 }, token)).status).toBe(202);
    expect((await page.timeout(5000).emitWithAck('message', { type: 'guess', x: 4 })).ok).toBe(true);
    page.disconnect();
  }, 60_000);
});
