/**
 * Realtime for the browser apps: Socket.IO namespaces /team (team token), /board (public), /admin (admin token). A
 * refused handshake fails with the message UNAUTHORIZED. Every server message is the event "message" with a
 * `type`; a team's message may carry an ack. Lives here: the two realtime doors, the transport and the fair share
 * (fair-share.ts) every door admits messages through; they call the game (server/game), never the store.
 */
import fp from 'fastify-plugin';
import type { Namespace, Socket } from 'socket.io';
import type { BoardServerMessage, TeamServerMessage } from '../../shared/protocol.ts';
import type { Session } from '../game/types.ts';
import { Bucket, useFairShare } from './fair-share.ts';
import { handleTeamMessage, messageId, rateLimited } from './messages.ts';
import { anyLevelRoom, levelRoom, shardOf, shardRoom, teamRoom } from './transport.ts';

type Ack = (answer: unknown) => void;
/** An event as the client sent it: its name, its arguments, and its ack when it asked for one. */
interface Incoming {
  event: string;
  raw: unknown;
  ack?: Ack;
}

/** The engine connection (all namespaces of one client) under a socket. */
type Connection = Socket['conn'];
/** A connection's team socket: its events decoded but not yet delivered, and how to close it as a flood. */
interface TeamConnection {
  undelivered: number;
  flood(): void;
}

/** How long a flood's connection may take to hear that it is closed before it is cut (it is no longer read). */
const FLOOD_GRACE_MS = 2_000;

/**
 * Closes a connection that floods: Socket.IO flushes what it owes (the refusals, the disconnect) and closes, and the
 * underlying WebSocket is read no more, so the rest of the flood is never parsed; it is cut after a grace period.
 */
function closeFlood(conn: Connection): void {
  conn.close();
  // A connection that began on the WebSocket transport keeps it on its first request (engine.io's EngineRequest).
  const ws = (conn.request as { websocket?: { pause(): void; terminate(): void } }).websocket;
  if (!ws) return;
  ws.pause();
  setTimeout(() => ws.terminate(), FLOOD_GRACE_MS).unref();
}

const handshakeToken = (socket: Socket): string | undefined => {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
};

export default fp(
  async (app) => {
    const { io, game } = app;
    const shares = useFairShare(app);
    const { limits } = shares;

    // Every packet of a connection is counted before it is decoded. Events to the team namespace, once the
    // connection is in it, are its team socket's to count (its inbox); every other packet (pongs, handshakes,
    // events to the board or admin, which act on none, packets to no namespace) has a small budget: beyond it the
    // connection is closed.
    const inTeam = new WeakMap<Connection, TeamConnection>();
    // Socket.IO decodes a read's packets at once and hands them to the socket on the next tick: more of them than
    // the inbox could take or refuse is a flood already, closed before the rest of the read is decoded.
    const atOnce = 1 + limits.queue + limits.refusals;
    io.engine.on('connection', (conn: Connection) => {
      const budget = new Bucket(limits.packetBurst, limits.packetRate, Date.now());
      conn.on('packet', (packet: { type: string; data?: unknown }) => {
        const team = packet.type === 'message' && typeof packet.data === 'string' && packet.data.startsWith('2/team,') ? inTeam.get(conn) : undefined;
        if (team) {
          if (++team.undelivered > atOnce) team.flood();
        } else if (!budget.take(Date.now())) closeFlood(conn);
      });
    });

    const team: Namespace = io.of('/team');
    team.use((socket, next) => {
      const token = handshakeToken(socket);
      if (shares.heldOff(shares.token(token ?? '', Date.now()), Date.now())) return next(new Error('RATE_LIMITED'));
      game.signIn
        .authenticate(token)
        .then((session) => {
          socket.data.session = session;
          next();
        })
        .catch(() => next(new Error('UNAUTHORIZED')));
    });
    team.on('connection', (socket) => {
      const session = socket.data.session as Session;
      const log = (err: unknown, what: string) => app.log.error({ err, teamId: session.teamId, levelId: session.levelId }, what);
      void socket.join([teamRoom(session.teamId, session.levelId), anyLevelRoom(session.teamId), levelRoom(session.levelId), shardRoom(levelRoom(session.levelId), shardOf())]);
      let gameId = 0;
      game.levels
        .me(session)
        .then((state) => socket.emit('message', { type: 'state', ...state } satisfies TeamServerMessage))
        .catch((err: unknown) => {
          log(err, 'team state failed');
          socket.disconnect(true);
        });
      game.admin
        .level(session.levelId)
        .then((level) => {
          gameId = level.gameId;
          if (socket.connected) game.presence.change(session.teamId, gameId, +1);
        })
        .catch((err: unknown) => log(err, 'team presence failed'));

      const answer = (reply: TeamServerMessage, ack?: Ack) => {
        if (!ack) return void socket.emit('message', reply);
        // An ack carries the guess as HTTP's 202 does (its id is the guess id), beside the message's own id.
        if (reply.type === 'accepted') {
          const { type: _type, id, guessId, own: _own, source: _source, ...view } = reply;
          ack({ ok: true, ...(id === undefined ? {} : { id }), guess: { id: guessId, ...view } });
        } else if (reply.type === 'error') {
          const { type: _type, id, ...error } = reply;
          ack({ ok: false, ...(id === undefined ? {} : { id }), error });
        } else ack({ ok: true, ...reply });
      };
      const handle = async ({ event, raw, ack }: Incoming) => {
        // Other events are not part of the protocol: counted like messages, and left unanswered.
        if (event !== 'message' || !socket.connected) return;
        answer(await handleTeamMessage(game, session, raw, 'page', { io: socket.id }, (err) => log(err, 'team message failed')), ack);
      };
      const token = shares.token(handshakeToken(socket) ?? '', Date.now());
      shares.hold(token);
      const inbox = shares.inbox(token, handle, (err) => log(err, 'team message failed'), Date.now());
      let flooded = false;
      const connection: TeamConnection = {
        undelivered: 0,
        flood: () => {
          if (flooded) return;
          flooded = true;
          inbox.close();
          shares.holdOff(token, Date.now());
          socket.disconnect();
          closeFlood(socket.conn);
        },
      };
      inTeam.set(socket.conn, connection);
      socket.onAny((event: string, ...args: unknown[]) => {
        connection.undelivered = Math.max(0, connection.undelivered - 1);
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
        const admission = inbox.offer({ event, raw: args[0], ack }, Date.now());
        // Socket.IO has decoded the message already: the refusal can say which one it refuses.
        if (admission === 'refused') answer(rateLimited(messageId(args[0])), ack);
        else if (admission === 'flood') {
          answer(rateLimited(messageId(args[0])), ack);
          connection.flood();
        }
      });
      socket.on('disconnect', () => {
        inTeam.delete(socket.conn);
        inbox.close();
        shares.release(token);
        if (gameId) game.presence.change(session.teamId, gameId, -1);
      });
    });

    const board = io.of('/board');
    board.on('connection', (socket) => {
      void socket.join(shardRoom('board', shardOf()));
      game.board
        .snapshot()
        .then((snapshot) => socket.emit('message', { type: 'board', board: snapshot } satisfies BoardServerMessage))
        .catch((err: unknown) => {
          // The board retries by reconnecting (its page shows it is reconnecting).
          app.log.error({ err }, 'board snapshot failed');
          socket.disconnect(true);
        });
    });

    const admin = io.of('/admin');
    admin.use((socket, next) => {
      game.signIn
        .authenticateAdmin(handshakeToken(socket))
        .then(() => next())
        .catch(() => next(new Error('UNAUTHORIZED')));
    });
  },
  { name: 'socket-io', dependencies: ['transport', 'game'] },
);
