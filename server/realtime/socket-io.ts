import fp from 'fastify-plugin';
import { Server, type Namespace } from 'socket.io';
import type { AdminServerMessage, BoardServerMessage, TeamServerMessage } from '../../shared/protocol.ts';
import type { Origin, Session } from '../game/service.ts';
import { handleTeamMessage } from './messages.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

export const teamRoom = (teamId: number, levelId: number) => `t:${teamId}:${levelId}`;
export const levelRoom = (levelId: number) => `l:${levelId}`;

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
const SHARDS = 8;
let nextShard = 0;
const shardOf = () => (nextShard = (nextShard + 1) % SHARDS);
const shardRoom = (room: string, shard: number) => `${room}#${shard}`;

function fanOut(ns: Namespace, room: string, message: unknown): void {
  inTurns(Array.from({ length: SHARDS }, (_, shard) => () => ns.to(shardRoom(room, shard)).emit('message', message)));
}

/** Messages to this many teams go out per turn of the event loop (see SHARDS). */
const TEAMS_PER_TURN = 40;

/**
 * Socket.IO on the Fastify server: /team (team token), /board (public), /admin (admin token). A refused handshake
 * fails with the message UNAUTHORIZED. Every server message is the event "message" with a `type`.
 */
export default fp(
  async (app) => {
    const io = new Server(app.server, {
      serveClient: false,
      // Other upgrade requests (the plain WebSocket at /api/ws) belong to @fastify/websocket: leave them alone.
      destroyUpgrade: false,
      maxHttpBufferSize: 64 * 1024,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    app.decorate('io', io);
    const game = app.game;

    const team: Namespace = io.of('/team');
    team.use((socket, next) => {
      game
        .authenticate((socket.handshake.auth as { token?: string } | undefined)?.token)
        .then((session) => {
          socket.data.session = session;
          next();
        })
        .catch(() => next(new Error('UNAUTHORIZED')));
    });
    team.on('connection', (socket) => {
      const session = socket.data.session as Session;
      void socket.join([teamRoom(session.teamId, session.levelId), shardRoom(levelRoom(session.levelId), shardOf())]);
      let gameId = 0;
      void game.sessionLevel(session).then(({ gameId: id }) => {
        gameId = id;
        game.presence(session.teamId, gameId, +1);
      }).catch(() => undefined);
      void game.me(session).then(
        (state) => socket.emit('message', { type: 'state', ...state } satisfies TeamServerMessage),
        (err: unknown) => {
          app.log.error({ err }, 'team state failed');
          socket.disconnect(true);
        },
      );
      socket.on('message', (raw: unknown, ack?: unknown) => {
        void handleTeamMessage(game, session, raw, 'page', { io: socket.id }, (err) => app.log.error({ err, teamId: session.teamId }, 'team message failed')).then((reply) => {
          if (typeof ack !== 'function') return void socket.emit('message', reply);
          if (reply.type === 'accepted') {
            const { type: _type, ...guess } = reply;
            ack({ ok: true, guess });
          } else if (reply.type === 'error') ack({ ok: false, error: { code: reply.code, message: reply.message } });
          else ack({ ok: true, ...reply });
        });
      });
      socket.on('disconnect', () => {
        if (gameId) game.presence(session.teamId, gameId, -1);
      });
    });

    const board = io.of('/board');
    board.on('connection', (socket) => {
      void socket.join(shardRoom('board', shardOf()));
      void game.board().then((snapshot) => socket.emit('message', { type: 'board', board: snapshot } satisfies BoardServerMessage));
    });

    const admin = io.of('/admin');
    admin.use((socket, next) => {
      game
        .authenticateAdmin((socket.handshake.auth as { token?: string } | undefined)?.token)
        .then(() => next())
        .catch(() => next(new Error('UNAUTHORIZED')));
    });

    app.addHook('preClose', async () => {
      io.disconnectSockets(true);
      for (const ns of [team, board, admin]) ns.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'socket-io', dependencies: ['game'] },
);

/** Sends to Socket.IO rooms; used by the broadcaster. */
export function socketIoBroadcaster(io: Server) {
  return {
    team: (teamId: number, levelId: number, message: TeamServerMessage, except?: Origin) => {
      const to = io.of('/team').to(teamRoom(teamId, levelId));
      (except && 'io' in except ? to.except(except.io) : to).emit('message', message);
    },
    level: (levelId: number, message: TeamServerMessage) => fanOut(io.of('/team'), levelRoom(levelId), message),
    teams: (levelId: number, messages: { teamId: number; message: TeamServerMessage }[]) => {
      const ns = io.of('/team');
      const chunks = [];
      for (let i = 0; i < messages.length; i += TEAMS_PER_TURN) chunks.push(messages.slice(i, i + TEAMS_PER_TURN));
      inTurns(chunks.map((chunk) => () => {
        for (const { teamId, message } of chunk) ns.to(teamRoom(teamId, levelId)).emit('message', message);
      }));
    },
    board: (message: BoardServerMessage) => fanOut(io.of('/board'), 'board', message),
    admin: (message: AdminServerMessage) => io.of('/admin').emit('message', message),
  };
}
