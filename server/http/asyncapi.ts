/**
 * The realtime doors as an AsyncAPI 3.0 document, generated from the message schemas of shared/protocol.ts and shared/answers.ts (every
 * member of each union becomes a message, so a new message type is documented the moment it exists) and from the
 * numbers the doors run with. docs/REALTIME.md says the same in prose; tests check the two against each other.
 */
import type { TSchema } from '@sinclair/typebox';
import { TeamClientMessage } from '../../shared/protocol.ts';
import { AdminServerMessageSchema as AdminServerMessage, BoardServerMessageSchema as BoardServerMessage, TeamAck, TeamServerMessageSchema as TeamServerMessage } from '../../shared/answers.ts';
import { FAIR_SHARE } from '../realtime/fair-share.ts';
import { FLOOD_CLOSE_CODE, HEARTBEAT_MS as WS_PING_MS, MAX_MESSAGE_BYTES as WS_MAX_MESSAGE_BYTES } from '../realtime/ws.ts';
import { toJsonSchema2020 } from './route-docs.ts';

/** The plain WebSocket's limits, as server/realtime/ws.ts runs them: the largest message read, and the ping period. */
export { WS_MAX_MESSAGE_BYTES, WS_PING_MS };

/** Close codes of the plain WebSocket, and what each tells a script. */
export const WS_CLOSE_CODES: Readonly<Record<number, string>> = {
  4401: 'UNAUTHORIZED: the token is unknown, expired, or ended (the instructor reset the team code, or deleted the team or level); log in again',
  [FLOOD_CLOSE_CODE]: 'RATE_LIMITED: the socket kept sending into refusals (a flood); new sockets with the token are refused for a few seconds',
  1011: 'STORAGE_ERROR: the database could not be read when the socket opened; reconnect shortly',
  1005: 'Closed without a code: the server is stopping (a restart); reconnect with the same token in a moment (1006 if it went away without closing)',
  1009: 'A frame over 1 MB: the socket is closed (a message over the 16 KB limit but within 1 MB is only answered PAYLOAD_TOO_LARGE)',
};

/** What the Socket.IO server runs with (read off the running server). */
export interface SocketIoSettings {
  pingInterval: number;
  pingTimeout: number;
  maxHttpBufferSize: number;
}

type Union = { anyOf: TSchema[] };

/** The `type` of each member of a message union. */
export function messageTypes(union: Union): string[] {
  return union.anyOf.map((member) => String((member.properties as Record<string, { const?: unknown }>).type.const));
}

/** One AsyncAPI message per member of a union, keyed `<prefix><Type>`. */
function messages(union: Union, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [i, type] of messageTypes(union).entries()) {
    const member = union.anyOf[i];
    out[prefix ? `${prefix}${type[0].toUpperCase()}${type.slice(1)}` : type] = { name: type, title: `{"type": "${type}"}`, summary: member.description, payload: toJsonSchema2020(member) };
  }
  return out;
}

const refs = (channel: string, names: string[]) => names.map((name) => ({ $ref: `#/channels/${channel}/messages/${name}` }));

/** The AsyncAPI document of the realtime doors. */
export function asyncApiDocument(version: string, io: SocketIoSettings): Record<string, unknown> {
  const fromTeam = messages(TeamClientMessage, 'client');
  const toTeam = messages(TeamServerMessage, '');
  const teamMessages = { ...fromTeam, ...toTeam };
  const fair =
    `Fair share (every door): a socket may always have one message being answered; messages sent before the answers ` +
    `come wait in a queue of ${FAIR_SHARE.queue} and enter it at ${FAIR_SHARE.rate} a second (bursts of ${FAIR_SHARE.burst}); one token has at most ` +
    `${FAIR_SHARE.tokenInFlight} messages and HTTP calls in flight across its sockets. Beyond that a message is refused with ` +
    `{"type":"error","code":"RATE_LIMITED"} (on the plain WebSocket without its id: it was not read); a socket that keeps sending ` +
    `into refusals (${FAIR_SHARE.refusals}) is closed as a flood, and its token may not open a socket for ${FAIR_SHARE.holdOffMs / 1000} s.`;
  const answers = 'Any message may carry `id` (1–64 characters); the answer to it, or the error, carries the same `id`.';
  const teamChannel = (address: string, description: string, extra: Record<string, unknown> = {}) => ({ address, description, messages: teamMessages, ...extra });
  const teamOperations = (channel: string) => ({
    [`${channel}Receive`]: {
      action: 'receive',
      channel: { $ref: `#/channels/${channel}` },
      summary: 'A team sends a guess, asks for its state, or pings',
      messages: refs(channel, Object.keys(fromTeam)),
      reply: { channel: { $ref: `#/channels/${channel}` }, messages: refs(channel, ['accepted', 'state', 'pong', 'error']) },
    },
    [`${channel}Send`]: {
      action: 'send',
      channel: { $ref: `#/channels/${channel}` },
      summary: "Pushed to every device of the team: teammates' guesses, results at readyAt, level changes, the leaderboard, the reveal",
      messages: refs(channel, Object.keys(toTeam)),
    },
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'GD Arena realtime',
      version,
      description:
        'The realtime doors of GD Arena. Socket.IO (path /socket.io/): namespaces /team, /board and /admin; every message ' +
        'is the event "message" with a JSON object whose `type` says which. Scripts may use the plain WebSocket ' +
        '/api/ws?token=… instead: the same team messages as JSON text frames. Both doors follow the rules and error codes of HTTP.',
    },
    servers: {
      socketIo: { host: '{address}', pathname: '/socket.io/', protocol: 'ws', description: `Socket.IO 4 (Engine.IO 4). Pings every ${io.pingInterval} ms; a client that does not answer within ${io.pingTimeout} ms is dropped. Packets are at most ${io.maxHttpBufferSize} bytes.`, variables: { address: { default: '192.168.1.20:3000', description: 'the address on the projector' } } },
      webSocket: { host: '{address}', protocol: 'ws', description: `A plain WebSocket (RFC 6455) with JSON text frames of at most ${WS_MAX_MESSAGE_BYTES} bytes. The server sends a ping frame every ${WS_PING_MS / 1000} s; a client that has not answered (pong) by the next one is dropped.`, variables: { address: { default: '192.168.1.20:3000' } } },
    },
    defaultContentType: 'application/json',
    channels: {
      teamSocketIo: teamChannel(
        '/team',
        `Socket.IO namespace /team. Handshake: \`auth: {token}\` with a team token (a token in the query or a header is not read). ` +
          `A refused handshake is a connect_error whose message is UNAUTHORIZED (no or unknown token) or RATE_LIMITED (the token's socket was closed as a flood a moment ago). ` +
          `On connect the server sends {"type":"state"}. A message sent with an acknowledgement callback is answered by the ack instead of a message (x-ack). ${answers} ${fair}`,
        { servers: [{ $ref: '#/servers/socketIo' }], 'x-ack': toJsonSchema2020(TeamAck) },
      ),
      teamWebSocket: teamChannel(
        '/api/ws?token={token}',
        `The plain WebSocket for scripts. On open the server checks the token and sends {"type":"state"}; messages sent meanwhile wait. ` +
          `A message over ${WS_MAX_MESSAGE_BYTES} bytes is answered PAYLOAD_TOO_LARGE, one that is not JSON INVALID_BODY. ${answers} ${fair}`,
        { servers: [{ $ref: '#/servers/webSocket' }], parameters: { token: { description: 'a team token from POST /api/login' } }, 'x-close-codes': WS_CLOSE_CODES },
      ),
      board: {
        address: '/board',
        description: 'Socket.IO namespace /board: public, no handshake data. On connect {"type":"board"}; then updates, batched. The client sends nothing.',
        servers: [{ $ref: '#/servers/socketIo' }],
        messages: messages(BoardServerMessage, 'board'),
      },
      admin: {
        address: '/admin',
        description: "Socket.IO namespace /admin: handshake `auth: {token}` with an admin token (refused: connect_error UNAUTHORIZED). The instructor's monitor: every guess with its values at once, level changes, devices per team. The client sends nothing.",
        servers: [{ $ref: '#/servers/socketIo' }],
        messages: messages(AdminServerMessage, 'admin'),
      },
    },
    operations: {
      ...teamOperations('teamSocketIo'),
      ...teamOperations('teamWebSocket'),
      boardSend: { action: 'send', channel: { $ref: '#/channels/board' }, messages: refs('board', Object.keys(messages(BoardServerMessage, 'board'))) },
      adminSend: { action: 'send', channel: { $ref: '#/channels/admin' }, messages: refs('admin', Object.keys(messages(AdminServerMessage, 'admin'))) },
    },
  };
}
