/**
 * Realtime for the browser apps: Socket.IO namespaces /team (team token), /board (public), /admin (admin token). A
 * refused handshake fails with the message UNAUTHORIZED. Every server message is the event "message" with a
 * `type`; a team's message may carry an ack. Lives here: the two realtime doors and the transport; they call the
 * game (server/game), never the store.
 */
import fp from 'fastify-plugin';
import type { Namespace } from 'socket.io';
import type { BoardServerMessage, TeamServerMessage } from '../../shared/protocol.ts';
import type { Session } from '../game/types.ts';
import { handleTeamMessage } from './messages.ts';
import { anyLevelRoom, levelRoom, shardOf, shardRoom, teamRoom } from './transport.ts';

export default fp(
  async (app) => {
    const { io, game } = app;

    const team: Namespace = io.of('/team');
    team.use((socket, next) => {
      game.signIn
        .authenticate((socket.handshake.auth as { token?: string } | undefined)?.token)
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
      socket.on('message', (raw: unknown, ack?: unknown) => {
        handleTeamMessage(game, session, raw, 'page', { io: socket.id }, (err) => log(err, 'team message failed'))
          .then((reply) => {
            if (typeof ack !== 'function') return void socket.emit('message', reply);
            // An ack carries the guess as HTTP's 202 does (its id is the guess id), beside the message's own id.
            if (reply.type === 'accepted') {
              const { type: _type, id, guessId, own: _own, source: _source, ...view } = reply;
              ack({ ok: true, ...(id === undefined ? {} : { id }), guess: { id: guessId, ...view } });
            } else if (reply.type === 'error') {
              const { type: _type, id, ...error } = reply;
              ack({ ok: false, ...(id === undefined ? {} : { id }), error });
            } else ack({ ok: true, ...reply });
          })
          .catch((err: unknown) => log(err, 'team message failed'));
      });
      socket.on('disconnect', () => {
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
        .authenticateAdmin((socket.handshake.auth as { token?: string } | undefined)?.token)
        .then(() => next())
        .catch(() => next(new Error('UNAUTHORIZED')));
    });
  },
  { name: 'socket-io', dependencies: ['transport', 'game'] },
);
