/**
 * The realtime transport: the Socket.IO server (namespaces /team, /board, /admin) and the plain WebSocket clients,
 * as one `Transport` the game's publisher sends through. It delivers to the sockets of this instance only; the
 * doors that accept connections are in socket-io.ts and ws.ts.
 */
import fp from 'fastify-plugin';
import { Server, type Namespace } from 'socket.io';
import type { WebSocket } from 'ws';
import type { AdminServerMessage, BoardServerMessage, TeamServerMessage } from '../../shared/protocol.ts';
import type { Lazy, Transport } from '../game/ports.ts';
import type { Origin } from '../game/types.ts';

export const teamRoom = (teamId: number, levelId: number) => `t:${teamId}:${levelId}`;
export const levelRoom = (levelId: number) => `l:${levelId}`;
/** Every device of a team, whatever its level. */
export const anyLevelRoom = (teamId: number) => `t:${teamId}`;

/**
 * Runs `steps` one per turn of the event loop, each after the I/O and timers of its turn. (Immediates queued
 * together all run in the same turn: each step queues the next.) Two runs started in order keep their order
 * step by step.
 */
export function inTurns(steps: (() => void)[]): void {
  let i = 0;
  const next = () => {
    steps[i++]();
    if (i < steps.length) setImmediate(next);
  };
  if (steps.length) setImmediate(next);
}

/**
 * Broadcasts to hundreds of sockets go out in shards, one shard per turn of the event loop: writing to 600
 * sockets at once holds the loop for tens of milliseconds, and a result due at its readyAt, or a guess that just
 * arrived, would wait behind it. Every socket is in one shard, so it hears messages in the order they were sent.
 */
export const SHARDS = 8;
let nextShard = 0;
/** The shard a new socket joins. */
export const shardOf = () => (nextShard = (nextShard + 1) % SHARDS);
export const shardRoom = (room: string, shard: number) => `${room}#${shard}`;

/** Messages to this many teams go out per turn of the event loop (see SHARDS). */
const TEAMS_PER_TURN = 40;

const build = <T>(message: Lazy<T>): T => (typeof message === 'function' ? (message as () => T)() : message);

/** Plain WebSocket clients by room. */
export class WsHub {
  private readonly rooms = new Map<string, Set<WebSocket>>();
  join(room: string, socket: WebSocket): void {
    const set = this.rooms.get(room) ?? new Set();
    set.add(socket);
    this.rooms.set(room, set);
  }
  leave(room: string, socket: WebSocket): void {
    const set = this.rooms.get(room);
    set?.delete(socket);
    if (set?.size === 0) this.rooms.delete(room);
  }
  has(room: string): boolean {
    return (this.rooms.get(room)?.size ?? 0) > 0;
  }
  /** Closes every socket in the room (with a close code the script can read). */
  close(room: string, code: number, reason: string): void {
    for (const socket of [...(this.rooms.get(room) ?? [])]) socket.close(code, reason);
  }
  send(room: string, message: TeamServerMessage, except?: object): void {
    const set = this.rooms.get(room);
    if (!set) return;
    const data = JSON.stringify(message);
    for (const socket of set) if (socket !== except && socket.readyState === socket.OPEN) socket.send(data);
  }
}

/** Sees every push (tests on a fake clock observe the game through it). */
export type PushObserver = (to: { teamId?: number; levelId?: number } | 'board' | 'admin', message: unknown) => void;

/** Sends to this instance's sockets of both doors. */
export class LocalTransport implements Transport {
  constructor(
    private readonly io: Server,
    private readonly hub: WsHub,
    private readonly observe?: PushObserver,
  ) {}

  private has(ns: Namespace, room: string): boolean {
    return (ns.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  private fanOut(ns: Namespace, room: string, message: unknown): void {
    inTurns(Array.from({ length: SHARDS }, (_, shard) => () => ns.local.to(shardRoom(room, shard)).emit('message', message)));
  }

  team(teamId: number, levelId: number, message: Lazy<TeamServerMessage>, except?: Origin): void {
    const room = teamRoom(teamId, levelId);
    const ns = this.io.of('/team');
    const inIo = this.has(ns, room);
    if (!inIo && !this.hub.has(room) && !this.observe) return;
    const built = build(message);
    this.observe?.({ teamId, levelId }, built);
    if (inIo) {
      const to = ns.local.to(room);
      (except && 'io' in except ? to.except(except.io) : to).emit('message', built);
    }
    this.hub.send(room, built, except && 'ws' in except ? except.ws : undefined);
  }

  device(origin: Origin, message: TeamServerMessage): void {
    this.observe?.({}, message);
    if ('io' in origin) this.io.of('/team').sockets.get(origin.io)?.emit('message', message);
    else {
      const socket = origin.ws as WebSocket;
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    }
  }

  level(levelId: number, message: Lazy<TeamServerMessage>): void {
    if (!this.listens({ levelId }) && !this.observe) return;
    const built = build(message);
    this.observe?.({ levelId }, built);
    this.fanOut(this.io.of('/team'), levelRoom(levelId), built);
    this.hub.send(levelRoom(levelId), built);
  }

  teams(levelId: number, messages: { teamId: number; message: TeamServerMessage }[]): void {
    const ns = this.io.of('/team');
    const chunks = [];
    for (let i = 0; i < messages.length; i += TEAMS_PER_TURN) chunks.push(messages.slice(i, i + TEAMS_PER_TURN));
    inTurns(
      chunks.map((chunk) => () => {
        for (const { teamId, message } of chunk) {
          this.observe?.({ teamId, levelId }, message);
          const room = teamRoom(teamId, levelId);
          if (this.has(ns, room)) ns.local.to(room).emit('message', message);
          this.hub.send(room, message);
        }
      }),
    );
  }

  board(message: Lazy<BoardServerMessage>): void {
    if (this.listens('board')) this.fanOut(this.io.of('/board'), 'board', build(message));
  }

  admin(message: Lazy<AdminServerMessage>): void {
    if (this.listens('admin')) this.io.of('/admin').local.emit('message', build(message));
  }

  endTeam(teamId: number): void {
    this.io.of('/team').local.in(anyLevelRoom(teamId)).disconnectSockets(true);
    this.hub.close(anyLevelRoom(teamId), 4401, 'UNAUTHORIZED');
  }

  listens(audience: { levelId: number } | 'board' | 'admin'): boolean {
    // An observer hears every push as if every audience were connected.
    if (this.observe) return true;
    if (audience === 'board') return this.io.of('/board').sockets.size > 0;
    if (audience === 'admin') return this.io.of('/admin').sockets.size > 0;
    const room = levelRoom(audience.levelId);
    return this.has(this.io.of('/team'), room) || this.hub.has(room);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
    wsHub: WsHub;
    transport: LocalTransport;
  }
}

/** The Socket.IO server on the app's HTTP server and the WebSocket hub, before the game that sends through them. */
export default fp<{ observe?: PushObserver }>(
  async (app, options) => {
    const io = new Server(app.server, {
      serveClient: false,
      // Other upgrade requests (the plain WebSocket at /api/ws) belong to @fastify/websocket: leave them alone.
      destroyUpgrade: false,
      maxHttpBufferSize: 64 * 1024,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    const hub = new WsHub();
    app.decorate('io', io);
    app.decorate('wsHub', hub);
    app.decorate('transport', new LocalTransport(io, hub, options.observe));
    app.addHook('preClose', async () => {
      for (const ns of io._nsps.values()) ns.disconnectSockets(true);
      io.engine.close();
      // A cluster adapter holds a database connection for LISTEN and heartbeat timers: let both go before the pool.
      for (const ns of io._nsps.values()) await ns.adapter.close();
    });
  },
  { name: 'transport' },
);
