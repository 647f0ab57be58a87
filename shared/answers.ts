/**
 * The answers and realtime messages the server sends that the pages do not validate: schemas for the routes'
 * response schemas (server/http) and the generated documents (GET /api/openapi.json, /api/asyncapi.json). They live
 * apart from protocol.ts because the pages import protocol.ts, and its schemas are built in their bundles too.
 * Each message schema is exactly its type of protocol.ts (tests/integration/api-docs-realtime.test.ts checks it).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  AdminGame,
  AdminGuess,
  AdminLevel,
  AdminTeam,
  Axes,
  BoardSnapshot,
  CurveSamples,
  DataSet,
  Domain,
  FeedItem,
  GuessSource,
  GuessView,
  LeaderboardEntry,
  MeResponse,
  OverallEntry,
  PublicLevel,
  Reveal,
} from './protocol.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A text in both languages of the pages, as the server sends it. */
const Localised = Type.Object({ en: Type.String(), 'zh-TW': Type.String() });

/** What the login form and the join QR codes need before a login (GET /api/info). */
export const InfoResponse = Type.Object({
  version: Type.String(),
  /** The addresses a phone on the classroom network can open. */
  joinUrls: Type.Array(Type.String()),
  /** Whether the active game asks for a team PIN at login. */
  requirePin: Type.Boolean(),
  /** The active game's deliberate wait on every login (10 000 ms when no game is active). */
  loginDelayMs: Type.Integer(),
});
export type InfoResponse = Static<typeof InfoResponse>;

/** A game with its levels and teams (the admin panel's game screen). */
export const AdminGameDetail = Type.Object({ game: AdminGame, levels: Type.Array(AdminLevel), teams: Type.Array(AdminTeam) });
export type AdminGameDetail = Static<typeof AdminGameDetail>;

/** The server as the admin panel's banner shows it: the TensorFlow.js backend, the version, the join addresses. */
export const AdminStatus = Type.Object({ backend: Type.String(), version: Type.String(), joinUrls: Type.Array(Type.String()) });
export type AdminStatus = Static<typeof AdminStatus>;

/** Every team's guesses in a level, with their values from the moment they are stored (the live monitor). */
export const AdminGuessList = Type.Object({ guesses: Type.Array(AdminGuess) });

/** A level as the monitor shows it: the level, the whole leaderboard and each team's open devices (by team id). */
export const LevelMonitor = Type.Object({
  level: AdminLevel,
  leaderboard: Type.Array(LeaderboardEntry),
  devices: Type.Record(Type.String(), Type.Integer()),
});
export type LevelMonitor = Static<typeof LevelMonitor>;

/** The teams a call created. */
export const TeamsResponse = Type.Object({ teams: Type.Array(AdminTeam) });

/** A function checked and sampled before it becomes a level: samples, f*, where it is, and the median of f. */
export const PreviewResponse = Type.Object({ dims: Type.Integer(), samples: CurveSamples, fStar: Type.Number(), argmin: Type.Union([Type.Number(), Type.Array(Type.Number())]), median: Type.Number() });

/** The settings a level's lesson is shown with: one run per optimizer. */
export const ReferenceSettings = Type.Object({
  gd: Type.Object({ lr: Type.Number(), steps: Type.Integer() }),
  momentum: Type.Object({ lr: Type.Number(), beta: Type.Number(), steps: Type.Integer() }),
  adam: Type.Object({ lr: Type.Number(), steps: Type.Integer() }),
});
export type ReferenceSettings = Static<typeof ReferenceSettings>;

/** A level an instructor can start from: the slides' four levels and a few classics. */
export const LevelTemplateView = Type.Object({
  key: Type.String(),
  title: Localised,
  /** For the instructor: what the level teaches. */
  description: Localised,
  /** For everyone, in one line: what the level is. */
  summary: Type.Optional(Localised),
  expression: Type.String(),
  dims: Type.Union([Type.Literal(1), Type.Literal(2)]),
  domain: Domain,
  start: Type.Array(Type.Number()),
  axes: Type.Optional(Axes),
  data: Type.Optional(DataSet),
  delayMs: Type.Optional(Type.Integer()),
  budget: Type.Optional(Nullable(Type.Integer())),
  reference: ReferenceSettings,
  group: Type.Union([Type.Literal('slides'), Type.Literal('classics')]),
});
export type LevelTemplateView = Static<typeof LevelTemplateView>;

/** A line IQ = a·s + b with its mean squared error over the slides' data. */
const FittedLine = Type.Object({ a: Type.Number(), b: Type.Number(), mse: Type.Number() });

/** The slides' regression trained as a TensorFlow.js model, beside the least-squares answer (the lesson page). */
export const RegressionFit = Type.Object({
  backend: Type.String(),
  data: Type.Array(Type.Object({ s: Type.Number(), iq: Type.Number() })),
  start: FittedLine,
  closedForm: FittedLine,
  runs: Type.Array(
    Type.Object({
      optimizer: Type.Union([Type.Literal('gd'), Type.Literal('momentum')]),
      lr: Type.Number(),
      beta: Type.Optional(Type.Number()),
      epochs: Type.Integer(),
      /** The mean squared error at the start of each epoch: loss[0] is the start line's. */
      loss: Type.Array(Type.Number()),
      a: Type.Number(),
      b: Type.Number(),
      mse: Type.Number(),
    }),
  ),
});
export type RegressionFit = Static<typeof RegressionFit>;

/** A realtime message's label as the server echoes it. */
const EchoedId = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the `id` of the client's message this answers" }));

/** A refusal in a realtime message or ack: the fields of HTTP's error body. */
const errorFields = {
  code: Type.String(),
  message: Type.String(),
  reason: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
};

const { id: _guessId, ...guessViewFields } = GuessView.properties;
/** The fields of a guess in `accepted` and `ready` (GuessMessage). */
const guessMessageFields = {
  ...guessViewFields,
  /** The guess's id (as `id` in HTTP answers). */
  guessId: Type.Integer(),
  /** True on the socket whose message made the guess; false on the team's other devices (and after a restart). */
  own: Type.Boolean(),
  /** The door the guess came through. */
  source: GuessSource,
};

/** The schema of TeamServerMessage (shared/protocol.ts): what Socket.IO /team and the plain WebSocket send a team. */
export const TeamServerMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('state'), id: EchoedId, ...MeResponse.properties }, { description: 'The team and its level, as GET /api/me: on connect, and the answer to {type:"state"}' }),
  Type.Object({ type: Type.Literal('accepted'), id: EchoedId, ...guessMessageFields }, { description: "A guess was accepted: the answer to this socket's guess (own: true), or a teammate's guess (own: false)" }),
  Type.Object({ type: Type.Literal('ready'), ...guessMessageFields }, { description: 'A result at its readyAt, with fx, grad (and slope on 1-D levels), to every device of the team' }),
  Type.Object({ type: Type.Literal('level'), level: PublicLevel }, { description: 'The level changed state (open, paused, closed, revealed, reset) or time' }),
  Type.Object(
    { type: Type.Literal('leaderboard'), levelId: Type.Integer(), leaderboard: Type.Array(LeaderboardEntry), partial: Type.Optional(Type.Boolean()) },
    { description: 'Leaderboard rows; with partial: true only the rows that changed (merge them by teamId)' },
  ),
  Type.Object({ type: Type.Literal('reveal'), levelId: Type.Integer(), reveal: Reveal }, { description: "The level is revealed: the function, f*, the samples, the team's own path and the reference runs from the level's start and from the team's first guess (again when a late result of the team arrives)" }),
  Type.Object({ type: Type.Literal('pong'), id: EchoedId }, { description: 'The answer to {type:"ping"}' }),
  Type.Object({ type: Type.Literal('error'), id: EchoedId, ...errorFields }, { description: 'A refusal, with the code HTTP would answer' }),
]);

/** The schema of BoardServerMessage: what Socket.IO /board sends. */
export const BoardServerMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('board'), board: BoardSnapshot }, { description: 'The whole board, as GET /api/board: on connect and when levels or the game change' }),
  Type.Object({ type: Type.Literal('reveal'), levelId: Type.Integer(), reveal: Reveal }, { description: "A revealed level's reveal again: a result arrived after the reveal" }),
  Type.Object(
    { type: Type.Literal('update'), levelId: Type.Integer(), leaderboard: Type.Array(LeaderboardEntry), playing: Type.Integer(), overall: Type.Array(OverallEntry), feed: Type.Array(FeedItem) },
    { description: 'The current level’s standings and the feed, batched' },
  ),
]);

/** The schema of AdminServerMessage: what Socket.IO /admin sends the instructor's monitor. */
export const AdminServerMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('guess'), guess: AdminGuess }, { description: 'A guess was stored (with its values at once)' }),
  Type.Object({ type: Type.Literal('level'), level: AdminLevel }, { description: 'A level changed' }),
  Type.Object({ type: Type.Literal('presence'), gameId: Type.Integer(), devices: Type.Record(Type.String(), Type.Integer()) }, { description: "Each team's open devices, by team id" }),
  Type.Object({ type: Type.Literal('games') }, { description: 'Games, levels or teams changed: read them again' }),
]);

/** The Socket.IO acknowledgement of a team's message sent with a callback (in place of the answer message). */
export const TeamAck = Type.Union([
  Type.Object({ ok: Type.Literal(true), id: EchoedId, guess: GuessView }, { description: 'A guess was accepted (as HTTP 202)' }),
  Type.Object({ ok: Type.Literal(false), id: EchoedId, error: Type.Object(errorFields) }, { description: 'A refusal: code, message, reason?, params?' }),
  Type.Object({ ok: Type.Literal(true), type: Type.Literal('state'), id: EchoedId, ...MeResponse.properties }, { description: 'The answer to {type:"state"}' }),
  Type.Object({ ok: Type.Literal(true), type: Type.Literal('pong'), id: EchoedId }, { description: 'The answer to {type:"ping"}' }),
]);
export type TeamAck = Static<typeof TeamAck>;
