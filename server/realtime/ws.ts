/**
 * The script door: a plain WebSocket at /api/ws?token=… speaking JSON ({type:"guess", x} → accepted, then ready).
 * Upgrades for /socket.io/ go to Socket.IO; every other upgrade is routed here through Fastify. Each socket's
 * messages go through its fair share (fair-share.ts): one at a time, a bounded queue, a rate; a flood is closed
 * with 4429.
 */
import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { EventEmitter } from 'node:events';
import type { RawData } from 'ws';
import { GameError } from '../../shared/errors.ts';
import type { TeamServerMessage } from '../../shared/protocol.ts';
import type { Session } from '../game/types.ts';
import { contractError } from '../errors.ts';
import { useFairShare } from './fair-share.ts';
import { handleTeamMessage, rateLimited } from './messages.ts';
import { anyLevelRoom, levelRoom, teamRoom } from './transport.ts';

/** The largest text frame a client may send; a larger one is answered PAYLOAD_TOO_LARGE (documented in the AsyncAPI). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** How often the server pings; a client that has not answered by the next ping is dropped. */
export const HEARTBEAT_MS = 20_000;
/** Close code of a socket closed as a flood (4000 + HTTP's 429). */
export const FLOOD_CLOSE_CODE = 4429;
/** How long a flood's socket may take to hear the close frame before it is cut (it is no longer read meanwhile). */
const FLOOD_GRACE_MS = 2_000;

// Serialised once: a refusal costs no work but the write.
const REFUSAL = JSON.stringify(rateLimited());
const FLOOD = JSON.stringify({ ...rateLimited(), message: 'Too many messages: this connection is closed; wait a few seconds before reconnecting' });

const byteLength = (data: RawData): number => (Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length);

export default fp(
  async (app) => {
    const upgrades = new EventEmitter();
    app.server.on('upgrade', (request, socket, head) => {
      if (!request.url?.startsWith('/socket.io/')) upgrades.emit('upgrade', request, socket, head);
    });
    await app.register(websocket, { options: { server: upgrades as never, maxPayload: 1024 * 1024 } });
    const { game, wsHub: hub } = app;
    const shares = useFairShare(app);

    app.route<{ Querystring: { token?: string } }>({
      method: 'GET',
      url: '/api/ws',
      // Opened in a browser's address bar, or fetched by a script that forgot the upgrade: say what this is.
      handler: async () => {
        throw new GameError('NOT_FOUND', 'GET /api/ws is a WebSocket: connect with a WebSocket client (ws://…/api/ws?token=…), see docs/REALTIME.md');
      },
      wsHandler: (socket, request) => {
      const send = (message: TeamServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      let session: Session | null = null;
      const log = (err: unknown, what: string) => app.log.error({ err, teamId: session?.teamId }, what);
      const token = shares.token(request.query.token ?? '', Date.now());
      let cut: NodeJS.Timeout | undefined;
      const closeFlood = () => {
        if (socket.readyState === socket.OPEN) socket.send(FLOOD);
        socket.close(FLOOD_CLOSE_CODE, 'RATE_LIMITED');
        // Read no more of the flood (each frame would still be parsed): the client hears the close frame, then the
        // connection is cut.
        socket.pause();
        cut = setTimeout(() => socket.terminate(), FLOOD_GRACE_MS);
        cut.unref();
      };
      socket.on('close', () => clearTimeout(cut));
      if (shares.heldOff(token, Date.now())) return closeFlood();
      shares.hold(token);

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

      // Messages that arrive before the token is checked wait for it (in the inbox, in order).
      let signedIn: (ok: boolean) => void = () => undefined;
      const ready = new Promise<boolean>((resolve) => (signedIn = resolve));
      const handle = async (data: RawData) => {
        // Not after a close: a flood's first message, taken before the flood showed, is dropped with the rest.
        if (!(await ready) || !session || socket.readyState !== socket.OPEN) return;
        if (byteLength(data) > MAX_MESSAGE_BYTES) return send({ type: 'error', code: 'PAYLOAD_TOO_LARGE', message: `Messages are limited to ${MAX_MESSAGE_BYTES} bytes` });
        let message: unknown;
        try {
          message = JSON.parse(String(data));
        } catch {
          return send({ type: 'error', code: 'INVALID_BODY', message: 'Messages must be JSON' });
        }
        send(await handleTeamMessage(game, session, message, 'ws', { ws: socket }, (err) => log(err, 'script message failed')));
      };
      const inbox = shares.inbox(token, handle, (err) => log(err, 'script message failed'), Date.now());

      socket.on('message', (data: RawData) => {
        alive = true;
        const admission = inbox.offer(data, Date.now());
        if (admission === 'refused') {
          if (socket.readyState === socket.OPEN) socket.send(REFUSAL);
        } else if (admission === 'flood') {
          shares.holdOff(token, Date.now());
          closeFlood();
        }
      });

      let rooms: string[] = [];
      let gameId = 0;
      socket.on('close', () => {
        clearInterval(heartbeat);
        inbox.close();
        signedIn(false);
        shares.release(token);
        for (const room of rooms) hub.leave(room, socket);
        if (session && gameId) game.presence.change(session.teamId, gameId, -1);
      });

      game.signIn
        .authenticate(request.query.token)
        .then(async (s) => {
          const state = await game.levels.me(s);
          const level = await game.admin.level(s.levelId);
          if (socket.readyState !== socket.OPEN) return;
          session = s;
          gameId = level.gameId;
          rooms = [teamRoom(s.teamId, s.levelId), anyLevelRoom(s.teamId), levelRoom(s.levelId)];
          for (const room of rooms) hub.join(room, socket);
          game.presence.change(s.teamId, gameId, +1);
          send({ type: 'state', ...state });
          signedIn(true);
        })
        .catch((err: unknown) => {
          signedIn(false);
          const e = contractError(err);
          if (e.unexpected) log(err, 'script connection failed');
          // A storage failure is not a bad token: the script is told so, and may retry.
          const known = !e.unexpected || e.code === 'STORAGE_ERROR';
          send({ type: 'error', code: known ? e.code : 'UNAUTHORIZED', message: known ? e.message : 'Unknown or expired token' });
          socket.close(e.code === 'STORAGE_ERROR' ? 1011 : 4401, known ? e.code : 'UNAUTHORIZED');
        });
      },
    });
  },
  { name: 'ws', dependencies: ['transport', 'game'] },
);
