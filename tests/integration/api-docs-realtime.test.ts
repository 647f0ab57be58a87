import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { TeamClientMessage, type AdminServerMessage, type BoardServerMessage, type TeamServerMessage } from '../../shared/protocol.ts';
import { AdminServerMessageSchema, BoardServerMessageSchema, TeamAck, TeamServerMessageSchema } from '../../shared/answers.ts';
import { FAIR_SHARE } from '../../server/realtime/fair-share.ts';
import { messageTypes, WS_CLOSE_CODES, WS_MAX_MESSAGE_BYTES, WS_PING_MS } from '../../server/http/asyncapi.ts';
import { createGame, startTestServer, type TestServer } from '../helpers/server.ts';
import { ROOT, explainFailure, runBlocks, shellBlocks, substitute, type RunResult } from './api-docs-runner.ts';

// docs/REALTIME.md and GET /api/asyncapi.json against the message schemas and a live server.
const REALTIME_MD = readFileSync(resolve(ROOT, 'docs/REALTIME.md'), 'utf8');
/** The page's prose with its line breaks as spaces. */
const PROSE = REALTIME_MD.replace(/\s+/g, ' ');
const BOWL = { expression: '0.4*(x - 2)^2 + exp(-x/2)', domain: [[-5, 7]] as [number, number][] };

// The schemas are the types the server sends with: each accepts exactly what its TypeScript type allows (tsc checks).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [Same<Static<typeof TeamServerMessageSchema>, TeamServerMessage>, Same<Static<typeof BoardServerMessageSchema>, BoardServerMessage>, Same<Static<typeof AdminServerMessageSchema>, AdminServerMessage>] = [true, true, true];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('docs/REALTIME.md', () => {
  it('shows every message of every union, in its own section', () => {
    expect(sameTypes).toEqual([true, true, true]);
    const section = (heading: string) => REALTIME_MD.slice(REALTIME_MD.indexOf(heading), REALTIME_MD.indexOf('\n## ', REALTIME_MD.indexOf(heading) + 1));
    const team = section('## Messages of a team');
    for (const type of [...messageTypes(TeamClientMessage), ...messageTypes(TeamServerMessageSchema)]) expect(team, type).toContain(`{"type": "${type}"`);
    const socketIo = section('## Socket.IO');
    for (const type of [...messageTypes(BoardServerMessageSchema), ...messageTypes(AdminServerMessageSchema)]) expect(socketIo, type).toContain(`{"type": "${type}"`);
    // Every field each team message always has is named in its row.
    for (const member of TeamServerMessageSchema.anyOf) {
      const type = (member.properties.type as { const: string }).const;
      const row = team.slice(team.indexOf('the server sends these')).split('\n').find((line) => line.startsWith(`| \`{"type": "${type}"`))!;
      for (const field of member.required ?? []) expect(row, `${type}.${field}`).toContain(`"${field}"`);
    }
  });

  it('gives the numbers the doors run with', () => {
    const engine = server.app.io.engine.opts;
    expect(PROSE).toContain(`pings every ${engine.pingInterval! / 1000} s and drops a client that has not answered within ${engine.pingTimeout! / 1000} s`);
    expect(PROSE).toContain(`a packet is at most ${engine.maxHttpBufferSize! / 1024} KB`);
    expect(PROSE).toContain(`at most ${WS_MAX_MESSAGE_BYTES / 1024} KB`);
    expect(PROSE).toContain(`ping frame every ${WS_PING_MS / 1000} s`);
    for (const code of Object.keys(WS_CLOSE_CODES)) expect(REALTIME_MD, code).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
    const fair = PROSE.slice(PROSE.indexOf('## Fair share'));
    expect(fair).toContain(`a queue of ${FAIR_SHARE.queue} per socket, and enter it at ${FAIR_SHARE.rate} a second (bursts of ${FAIR_SHARE.burst})`);
    expect(fair).toContain(`at most ${FAIR_SHARE.tokenInFlight} messages and HTTP calls in flight`);
    expect(fair).toContain(`refusals (${FAIR_SHARE.refusals}, refilled at ${FAIR_SHARE.rate} a second)`);
    expect(fair).toContain(`may not open a socket for ${FAIR_SHARE.holdOffMs / 1000} s`);
  });
});

describe('GET /api/asyncapi.json', () => {
  it('has every message of the schemas on its channel, the close codes and the running numbers', async () => {
    const doc = await (await fetch(`${server.url}/api/asyncapi.json`)).json();
    expect(doc.asyncapi).toBe('3.0.0');
    const names = (channel: string) => Object.values(doc.channels[channel].messages as Record<string, { name: string }>).map((m) => m.name);
    for (const channel of ['teamSocketIo', 'teamWebSocket']) {
      expect(names(channel).sort()).toEqual([...messageTypes(TeamClientMessage), ...messageTypes(TeamServerMessageSchema)].sort());
    }
    expect(names('board')).toEqual(messageTypes(BoardServerMessageSchema));
    expect(names('admin')).toEqual(messageTypes(AdminServerMessageSchema));
    expect(doc.channels.teamSocketIo.address).toBe('/team');
    expect(Object.keys(doc.channels.teamWebSocket['x-close-codes'])).toEqual(Object.keys(WS_CLOSE_CODES));
    expect(doc.servers.socketIo.description).toContain(`Pings every ${server.app.io.engine.opts.pingInterval} ms`);
    // Each operation's messages are messages of its channel.
    for (const operation of Object.values(doc.operations) as { channel: { $ref: string }; messages: { $ref: string }[] }[]) {
      for (const { $ref } of operation.messages) expect($ref.startsWith(`${operation.channel.$ref}/messages/`), $ref).toBe(true);
    }
  });
});

describe('every message a live server sends fits its schema', () => {
  it('team (Socket.IO and WebSocket), board and admin, over a level from open to reveal; acks too', async () => {
    const game = await createGame(server, { levels: [{ ...BOWL, delayMs: 300, password: 'live' }], teams: 2, showLeaderboard: true });
    const levelId = game.levels[0].id;
    const seen: { door: string; schema: TSchema; message: unknown }[] = [];
    const sockets: { close(): void }[] = [];
    const ioSocket = (namespace: string, schema: TSchema, auth?: object) => {
      const socket: Socket = connect(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false });
      socket.on('message', (message: unknown) => seen.push({ door: namespace, schema, message }));
      sockets.push(socket);
      return socket;
    };
    const until = async (what: string, test: () => boolean) => {
      for (const deadline = Date.now() + 15_000; !test(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > deadline) throw new Error(`never saw ${what}: ${JSON.stringify(seen.map((s) => [s.door, (s.message as { type: string }).type]))}`);
    };
    const saw = (door: string, type: string, extra: (m: any) => boolean = () => true) => seen.some((s) => s.door === door && (s.message as { type: string }).type === type && extra(s.message));

    ioSocket('/admin', AdminServerMessageSchema, { token: server.adminToken });
    ioSocket('/board', BoardServerMessageSchema);
    const login = await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team: 1, password: 'live' }) })).json();
    const page = ioSocket('/team', TeamServerMessageSchema, { token: login.token });
    const script = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws?token=${login.token}`);
    script.on('message', (data) => seen.push({ door: 'ws', schema: TeamServerMessageSchema, message: JSON.parse(String(data)) }));
    sockets.push(script);
    await until('both states', () => saw('/team', 'state') && saw('ws', 'state'));
    await until('presence', () => saw('/admin', 'presence'));

    const send = (message: object) => script.send(JSON.stringify(message));
    send({ type: 'ping', id: 'p' });
    send({ type: 'state', id: 's' });
    send({ type: 'guess', x: 99, id: 'far' });
    send({ type: 'guess', x: 1, id: 'g' });
    await until('the answers, each with its id', () => saw('ws', 'pong', (m) => m.id === 'p') && saw('ws', 'state', (m) => m.id === 's') && saw('ws', 'error', (m) => m.id === 'far' && m.code === 'INVALID_X'));
    await until('accepted, own on the sender only', () => saw('ws', 'accepted', (m) => m.id === 'g' && m.own === true && m.source === 'ws') && saw('/team', 'accepted', (m) => m.own === false));
    await until('ready on both', () => saw('ws', 'ready', (m) => m.own === true) && saw('/team', 'ready', (m) => m.own === false && m.source === 'ws'));
    await until('the leaderboard and the board update', () => saw('/team', 'leaderboard') && saw('/board', 'update') && saw('/admin', 'guess'));

    const acks: unknown[] = [];
    acks.push(await page.emitWithAck('message', { type: 'guess', x: 2, id: 'a1' }));
    acks.push(await page.emitWithAck('message', { type: 'guess', x: 2, id: 'a2' }));
    acks.push(await page.emitWithAck('message', { type: 'ping', id: 'a3' }));
    acks.push(await page.emitWithAck('message', { type: 'state' }));
    expect(acks[0]).toMatchObject({ ok: true, id: 'a1', guess: { x: 2, status: 'pending' } });
    expect(acks[1]).toMatchObject({ ok: false, id: 'a2', error: { code: 'GUESS_PENDING' } });
    expect(acks[2]).toEqual({ ok: true, type: 'pong', id: 'a3' });
    const checkAck = TypeCompiler.Compile(TeamAck);
    for (const ack of acks) expect(checkAck.Check(ack), JSON.stringify(ack)).toBe(true);
    await until('the page’s own result', () => saw('/team', 'ready', (m) => m.own === true && m.source === 'page'));

    await server.admin('POST', `/levels/${levelId}/close`);
    await server.admin('POST', `/levels/${levelId}/reveal`);
    await server.admin('POST', `/games/${game.gameId}/teams`, { count: 1 });
    await until('the level, reveal and games messages', () => saw('ws', 'level', (m) => m.level.status === 'revealed') && saw('/team', 'reveal') && saw('/admin', 'level') && saw('/admin', 'games') && saw('/board', 'board'));
    for (const socket of sockets) socket.close();

    const problems = seen.filter((s) => !TypeCompiler.Compile(s.schema).Check(s.message)).map((s) => `${s.door}: ${JSON.stringify(s.message).slice(0, 300)}`);
    expect(problems).toEqual([]);
    const types = (door: string) => new Set(seen.filter((s) => s.door === door).map((s) => (s.message as { type: string }).type));
    // Every team message type but a late reveal was seen on the WebSocket and the page together.
    expect([...new Set([...types('ws'), ...types('/team')])].sort()).toEqual(messageTypes(TeamServerMessageSchema).sort());
    expect([...types('/admin')].sort()).toEqual(messageTypes(AdminServerMessageSchema).sort());
    expect(types('/board')).toEqual(new Set(['board', 'update']));
  }, 60_000);
});

const tools = ['curl', 'jq'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
describe.skipIf(tools.length > 0)('its commands, run in order against a live server', () => {
  let run: RunResult;
  const blocks = shellBlocks(REALTIME_MD);
  beforeAll(async () => {
    const game = await createGame(server, { levels: [{ ...BOWL, delayMs: 300, password: 'maple-river-42' }], teams: 8 });
    expect(game.levels).toHaveLength(1);
    run = await runBlocks(substitute(blocks, [{ from: 'http://192.168.1.20:3000', to: server.url }]), 60_000);
  }, 90_000);
  afterAll(() => run?.cleanup());

  it('every block runs, and prints what the page says it prints', () => {
    expect(blocks.length).toBe(4);
    expect(run.code, explainFailure(blocks, run, 'docs/REALTIME.md')).toBe(0);
    expect(run.stdout).toMatch(/^error INVALID_X for too-far$/m);
    expect(run.stdout).toMatch(/^accepted step-1: guess \d+, own true, ready at \S+$/m);
    expect(run.stdout).toMatch(/^ready: f\(1\.5\) = 0\.5\d+, slope -?\d/m);
    expect(run.stdout).toMatch(/^ack \{"ok":true,"id":"sio-1","guess":\{"id":\d+,"x":2,/m);
    expect(run.stdout).toMatch(/^ready: f\(2\) = [\d.]+, source page$/m);
    expect(run.stdout).toMatch(/^refused: UNAUTHORIZED$/m);
  });
});
