import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { TeamServerMessage } from '../../shared/protocol.ts';
import { GameError } from '../../shared/errors.ts';
import type { Session } from '../game/service.ts';
import { handleTeamMessage } from './messages.ts';
import { levelRoom, teamRoom } from './socket-io.ts';

const MAX_MESSAGE_BYTES = 16 * 1024;
const HEARTBEAT_MS = 20_000;

/** Plain WebSocket clients by room, for the broadcaster. */
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
  send(room: string, message: TeamServerMessage, except?: object): void {
    const set = this.rooms.get(room);
    if (!set) return;
    const data = JSON.stringify(message);
    for (const socket of set) if (socket !== except && socket.readyState === socket.OPEN) socket.send(data);
  }
  get size(): number {
    let n = 0;
    for (const set of this.rooms.values()) n += set.size;
    return n;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    wsHub: WsHub;
  }
}

/**
 * The script door: a plain WebSocket at /api/ws?token=… speaking JSON ({type:"guess", x} → accepted, then ready).
 * Upgrades for /socket.io/ go to Socket.IO; every other upgrade is routed here through Fastify.
 */
export default fp(
  async (app) => {
    const upgrades = new EventEmitter();
    app.server.on('upgrade', (request, socket, head) => {
      if (!request.url?.startsWith('/socket.io/')) upgrades.emit('upgrade', request, socket, head);
    });
    await app.register(websocket, { options: { server: upgrades as never, maxPayload: 1024 * 1024 } });
    const hub = new WsHub();
    app.decorate('wsHub', hub);
    const game = app.game;

    app.get<{ Querystring: { token?: string } }>('/api/ws', { websocket: true }, (socket, request) => {
      const send = (message: TeamServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      let session: Session | null = null;
      const queued: unknown[] = [];
      let alive = true;
      const heartbeat = setInterval(() => {
        // A client that stopped answering pings is gone (phone asleep, cable pulled): free its slot.
        if (!alive) return void socket.terminate();
        alive = false;
        socket.ping();
      }, HEARTBEAT_MS);
      heartbeat.unref();
      socket.on('pong', () => {
        alive = true;
      });

      const handle = async (data: unknown) => {
        if (!session) return;
        const text = String(data);
        if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) return send({ type: 'error', code: 'PAYLOAD_TOO_LARGE', message: `Messages are limited to ${MAX_MESSAGE_BYTES} bytes` });
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          return send({ type: 'error', code: 'INVALID_BODY', message: 'Messages must be JSON' });
        }
        send(await handleTeamMessage(game, session, message, 'ws', { ws: socket }, (err) => app.log.error({ err, teamId: session?.teamId }, 'script message failed')));
      };
      socket.on('message', (data) => {
        alive = true;
        if (session) void handle(data);
        else queued.push(data);
      });

      let rooms: string[] = [];
      let gameId = 0;
      socket.on('close', () => {
        clearInterval(heartbeat);
        for (const room of rooms) hub.leave(room, socket);
        if (session && gameId) game.presence(session.teamId, gameId, -1);
      });

      game
        .authenticate(request.query.token)
        .then(async (s) => {
          const state = await game.me(s);
          const level = await game.sessionLevel(s);
          session = s;
          gameId = level.gameId;
          rooms = [teamRoom(s.teamId, s.levelId), levelRoom(s.levelId)];
          for (const room of rooms) hub.join(room, socket);
          game.presence(s.teamId, gameId, +1);
          send({ type: 'state', ...state });
          for (const data of queued.splice(0)) await handle(data);
        })
        .catch((err: unknown) => {
          const code = err instanceof GameError ? err.code : 'UNAUTHORIZED';
          send({ type: 'error', code, message: err instanceof GameError ? err.message : 'Unknown or expired token' });
          socket.close(4401, code);
        });
    });
  },
  { name: 'ws', dependencies: ['game'] },
);
