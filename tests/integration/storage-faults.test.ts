/**
 * Storage trouble while a class plays: the database locked by another process (BUSY), read-only, and a full disk.
 * With teams on HTTP, Socket.IO and the plain WebSocket, the board and the admin monitor connected, every kind of
 * request is made in turn under each fault: each answers — 503 STORAGE_ERROR where it needed to write (or could
 * not read), never 500 — nothing is acknowledged that was not stored, the process and its sockets live on, and
 * once the fault is gone everything works again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { SqliteGuesses } from '../../server/store/guesses.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';

interface Setup {
  server: TestServer;
  file: string;
  tokens: string[];
  page: Socket;
  board: Socket;
  admin: Socket;
  script: WebSocket;
  scriptHeard: any[];
  levelId: number;
  gameId: number;
  teamIds: number[];
  /** Team 4's code once a login claimed it (its later logins send it, as a second device does). */
  code: { value?: string };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(databaseUrl?: string): Promise<Setup> {
  const server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  cleanups.push(() => server.close());
  const game = await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 100, budget: null, password: 'fault' }], teams: 4 });
  const tokens: string[] = [];
  for (let team = 1; team <= 3; team++) {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password: 'fault' }) });
    tokens.push(((await res.json()) as { token: string }).token);
  }
  const connect = (ns: string, auth: object) => {
    const s = io(`${server.url}${ns}`, { auth, transports: ['websocket'], forceNew: true });
    cleanups.push(() => void s.disconnect());
    return s;
  };
  const page = connect('/team', { token: tokens[1] });
  const board = connect('/board', {});
  const admin = connect('/admin', { token: server.adminToken });
  const script = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${tokens[2]}`);
  cleanups.push(() => script.close());
  const scriptHeard: any[] = [];
  script.on('message', (data) => scriptHeard.push(JSON.parse(String(data))));
  const scriptOpen = new Promise<void>((resolve, reject) => script.once('open', () => resolve()).once('error', reject));
  await Promise.all([page, board, admin].map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))));
  await scriptOpen;
  const file = server.app.config.databaseUrl.slice('file:'.length);
  return { server, file, tokens, page, board, admin, script, scriptHeard, levelId: game.levels[0].id, gameId: game.gameId, teamIds: game.teams.map((t) => t.id), code: {} };
}

/** Every kind of request a class makes, each answered with its status (or, on a socket, 200 or its error code). */
function requests(s: Setup): Record<string, () => Promise<{ status: number; code?: string; write: boolean }>> {
  const http = async (method: string, path: string, body: unknown, token: string | undefined, write: boolean) => {
    const res = await fetch(`${s.server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let code: string | undefined;
    try {
      const parsed = JSON.parse(text);
      code = parsed?.error?.code;
      if (path === '/api/login' && parsed?.team?.code) s.code.value = parsed.team.code;
    } catch {
      // a CSV
    }
    return { status: res.status, code, write };
  };
  let x = -4;
  const nextX = () => (x = x >= 4 ? -4 : x + 0.37);
  const team = (i: number) => s.tokens[i];
  const admin = s.server.adminToken;
  return {
    'team login': () => http('POST', '/api/login', { team: 4, password: 'fault', ...(s.code.value ? { code: s.code.value } : {}) }, undefined, true),
    'GET /api/me': () => http('GET', '/api/me', undefined, team(0), false),
    'POST /api/guesses': () => http('POST', '/api/guesses', { x: nextX() }, team(0), true),
    'GET /api/guesses': () => http('GET', '/api/guesses', undefined, team(0), false),
    'GET /api/board': () => http('GET', '/api/board', undefined, undefined, false),
    'GET /api/health': () => http('GET', '/api/health', undefined, undefined, false),
    'admin sign-in': () => http('POST', '/api/admin/login', { password: 'test-admin-password' }, undefined, true),
    'admin GET /games': () => http('GET', '/api/admin/games', undefined, admin, false),
    'admin POST /games': () => http('POST', '/api/admin/games', { title: 'During the fault' }, admin, true),
    'admin PATCH level': () => http('PATCH', `/api/admin/levels/${s.levelId}`, { title: `Renamed ${x}` }, admin, true),
    'admin POST teams': () => http('POST', `/api/admin/games/${s.gameId}/teams`, { count: 1 }, admin, true),
    'admin monitor': () => http('GET', `/api/admin/levels/${s.levelId}/monitor`, undefined, admin, false),
    'admin export.csv': () => http('GET', `/api/admin/games/${s.gameId}/export.csv`, undefined, admin, false),
    'page guess (Socket.IO)': async () => {
      const ack = await s.page.timeout(10_000).emitWithAck('message', { type: 'guess', x: nextX() });
      return ack.ok ? { status: 202, write: true } : { status: ack.error.code === 'STORAGE_ERROR' ? 503 : 409, code: ack.error.code, write: true };
    },
    'page state (Socket.IO)': async () => {
      const ack = await s.page.timeout(10_000).emitWithAck('message', { type: 'state' });
      return ack.ok ? { status: 200, write: false } : { status: 503, code: ack.error.code, write: false };
    },
    'script guess (WebSocket)': async () => {
      const id = `g${Math.random()}`;
      s.script.send(JSON.stringify({ type: 'guess', x: nextX(), id }));
      await expect.poll(() => s.scriptHeard.find((m) => m.id === id), { timeout: 10_000 }).toBeDefined();
      const answer = s.scriptHeard.find((m) => m.id === id);
      return answer.type === 'accepted' ? { status: 202, write: true } : { status: answer.code === 'STORAGE_ERROR' ? 503 : 409, code: answer.code, write: true };
    },
  };
}

/** Runs every request under a fault: none answers 500, writes answer 503 STORAGE_ERROR (or pass), and it all still runs. */
async function underFault(s: Setup, name: string, writesFail: boolean): Promise<void> {
  const stored = (await s.server.admin('GET', `/levels/${s.levelId}/guesses`)).guesses.length;
  let acknowledged = 0;
  for (const [what, call] of Object.entries(requests(s))) {
    const answer = await call();
    expect(answer.status, `${name}: ${what}`).not.toBe(500);
    if (answer.status >= 500) expect(answer, `${name}: ${what}`).toMatchObject({ status: 503, code: 'STORAGE_ERROR' });
    if (writesFail && answer.write && what !== 'admin sign-in') expect(answer, `${name}: ${what} is a write`).toMatchObject({ status: 503, code: 'STORAGE_ERROR' });
    if (answer.status === 202) acknowledged++;
    // Pending guesses of team 1 make the next one GUESS_PENDING: let them become due.
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
  if (writesFail) expect(acknowledged).toBe(0);
  return void stored;
}

/** After the fault: the class plays on — guesses on every door, the board and the admin hear them. */
async function playsOn(s: Setup, name: string): Promise<void> {
  for (const socket of [s.page, s.board, s.admin]) expect(socket.connected, `${name}: a socket was dropped`).toBe(true);
  expect(s.script.readyState).toBe(WebSocket.OPEN);
  const heardByBoard = new Promise((resolve) => s.board.once('message', resolve));
  const heardByAdmin = new Promise((resolve) => s.admin.once('message', resolve));
  for (const [what, call] of Object.entries(requests(s))) {
    const answer = await call();
    expect(answer.status, `after ${name}: ${what}`).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
  await heardByBoard;
  await heardByAdmin;
  expect((await s.server.admin('GET', '/games')).length).toBeGreaterThan(1);
}

describe('storage trouble under a connected class', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp();
  });

  it('answers every request while another process holds the database locked (BUSY), then plays on', async () => {
    const other = new Database(s.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      await underFault(s, 'BUSY', true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await playsOn(s, 'BUSY');
  }, 120_000);

  it('answers every request while the database refuses writes (read-only), then plays on', async () => {
    const writer = (s.server.app.database.guesses as SqliteGuesses).writer;
    const prisma = s.server.app.database.db;
    await prisma.$executeRawUnsafe('PRAGMA query_only = 1');
    writer.pragma('query_only = 1');
    try {
      await underFault(s, 'read-only', true);
    } finally {
      await prisma.$executeRawUnsafe('PRAGMA query_only = 0');
      writer.pragma('query_only = 0');
    }
    await playsOn(s, 'read-only');
  }, 120_000);

  // A real full disk: a small tmpfs filled up (mounting needs root; elsewhere this test says so and is skipped).
  const mountPoint = join(tmpdir(), `gd-arena-storage-${process.pid}`);
  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      cleanups.unshift(() => {
        execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
        rmSync(mountPoint, { recursive: true, force: true });
      });
      return true;
    } catch {
      console.log('storage-faults: cannot mount a tmpfs here (not root?): the full-disk case is skipped');
      return false;
    }
  })();

  it.skipIf(!canMount)('answers every request while the disk is full, then plays on once there is room', async () => {
    const full = await setUp(`file:${join(mountPoint, 'gd-arena.db')}`);
    const filler = join(mountPoint, 'filler');
    // Fill what is left, a megabyte at a time, until the disk refuses.
    const chunk = Buffer.alloc(1024 * 1024, 1);
    try {
      for (let i = 0; i < 64; i++) writeFileSync(`${filler}-${i}`, chunk);
    } catch {
      // ENOSPC: full.
    }
    for (let k = 0; k < 1024; k++) {
      try {
        writeFileSync(`${filler}-small-${k}`, Buffer.alloc(4096, 1));
      } catch {
        break;
      }
    }
    try {
      await underFault(full, 'disk full', false);
      expect((await (await fetch(`${full.server.url}/api/health`)).json()).storage).toBe('disk-full');
    } finally {
      for (const name of execFileSync('ls', [mountPoint], { encoding: 'utf8' }).split('\n')) if (name.startsWith('filler')) rmSync(join(mountPoint, name), { force: true });
    }
    await playsOn(full, 'disk full');
  }, 120_000);
});
