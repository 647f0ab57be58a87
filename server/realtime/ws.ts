/**
 * The script door: a plain WebSocket at /api/ws?token=… speaking JSON ({type:"guess", x} → accepted, then ready).
 * Upgrades for /socket.io/ go to Socket.IO; every other upgrade is routed here through Fastify.
 */
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { EventEmitter } from 'node:events';
import type { TeamServerMessage } from '../../shared/protocol.ts';
import type { Session } from '../game/types.ts';
import { contractError } from '../errors.ts';
import { handleTeamMessage } from './messages.ts';
import { anyLevelRoom, levelRoom, teamRoom } from './transport.ts';

const MAX_MESSAGE_BYTES = 16 * 1024;
const HEARTBEAT_MS = 20_000;

export default fp(
  async (app) => {
    const upgrades = new EventEmitter();
    app.server.on('upgrade', (request, socket, head) => {
      if (!request.url?.startsWith('/socket.io/')) upgrades.emit('upgrade', request, socket, head);
    });
    await app.register(websocket, { options: { server: upgrades as never, maxPayload: 1024 * 1024 } });
    const { game, wsHub: hub } = app;

    app.get<{ Querystring: { token?: string } }>('/api/ws', { websocket: true }, (socket, request) => {
      const send = (message: TeamServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      let session: Session | null = null;
      const log = (err: unknown, what: string) => app.log.error({ err, teamId: session?.teamId }, what);
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
        send(await handleTeamMessage(game, session, message, 'ws', { ws: socket }, (err) => log(err, 'script message failed')));
      };
      socket.on('message', (data) => {
        alive = true;
        if (session) handle(data).catch((err: unknown) => log(err, 'script message failed'));
        else queued.push(data);
      });

      let rooms: string[] = [];
      let gameId = 0;
      socket.on('close', () => {
        clearInterval(heartbeat);
        for (const room of rooms) hub.leave(room, socket);
        if (session && gameId) game.presence.change(session.teamId, gameId, -1);
      });

      game.signIn
        .authenticate(request.query.token)
        .then(async (s) => {
          const state = await game.levels.me(s);
          const level = await game.admin.level(s.levelId);
          session = s;
          gameId = level.gameId;
          rooms = [teamRoom(s.teamId, s.levelId), anyLevelRoom(s.teamId), levelRoom(s.levelId)];
          for (const room of rooms) hub.join(room, socket);
          game.presence.change(s.teamId, gameId, +1);
          send({ type: 'state', ...state });
          for (const data of queued.splice(0)) await handle(data);
        })
        .catch((err: unknown) => {
          const e = contractError(err);
          if (e.unexpected) log(err, 'script connection failed');
          // A storage failure is not a bad token: the script is told so, and may retry.
          const known = !e.unexpected || e.code === 'STORAGE_ERROR';
          send({ type: 'error', code: known ? e.code : 'UNAUTHORIZED', message: known ? e.message : 'Unknown or expired token' });
          socket.close(e.code === 'STORAGE_ERROR' ? 1011 : 4401, known ? e.code : 'UNAUTHORIZED');
        });
    });
  },
  { name: 'ws', dependencies: ['transport', 'game'] },
);
