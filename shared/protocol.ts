/**
 * The public contract (docs/API.md, docs/REALTIME.md): every HTTP body, every response and every realtime message,
 * as TypeBox schemas. Server routes validate with them, the client and the tests import the same types, and the
 * OpenAPI and AsyncAPI documents (GET /api/openapi.json, /api/asyncapi.json) are generated from them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const closed = { additionalProperties: false } as const;

// ---------- common pieces ----------

export const LEVEL_STATUSES = ['draft', 'open', 'paused', 'closed', 'revealed'] as const;
export const LevelStatus = Type.Union(LEVEL_STATUSES.map((s) => Type.Literal(s)));
export type LevelStatus = Static<typeof LevelStatus>;

import { MAX_BUDGET, MAX_DELAY_MS, OPTIMIZERS } from './optimizers.ts';

export { OPTIMIZERS };
export const Optimizer = Type.Union(OPTIMIZERS.map((s) => Type.Literal(s)));
export type Optimizer = Static<typeof Optimizer>;

/** Where a guess came from: the team page (Socket.IO), plain HTTP, or the plain WebSocket. */
export const GUESS_SOURCES = ['page', 'http', 'ws'] as const;
export const GuessSource = Type.Union(GUESS_SOURCES.map((s) => Type.Literal(s)));
export type GuessSource = Static<typeof GuessSource>;

export const Interval = Type.Tuple([Type.Number(), Type.Number()]);
export const Domain = Type.Union([Type.Tuple([Interval]), Type.Tuple([Interval, Interval])]);
export type Domain = Static<typeof Domain>;

/** A point as sent by a client: a number on 1-D levels (or [x]), [x, y] on 2-D levels. */
export const PointInput = Type.Union([Type.Number(), Type.Array(Type.Number(), { minItems: 1, maxItems: 2 })]);
export type PointInput = Static<typeof PointInput>;
/** A point as the server sends it: a number on 1-D levels, [x, y] on 2-D levels. */
export const Point = Type.Union([Type.Number(), Type.Array(Type.Number())]);
export type Point = Static<typeof Point>;

export const Iso = Type.String({ description: 'ISO 8601 time' });

/** A text an instructor gives in both languages of the pages (a page shows the one it speaks). */
export const LocalisedText = Type.Object({ en: Type.String({ maxLength: 100 }), 'zh-TW': Type.String({ maxLength: 100 }) }, closed);
export type LocalisedText = Static<typeof LocalisedText>;

/** A data set shown on a level's plots (a regression level: fit a line through the points). */
export const DataSet = Type.Object(
  {
    /** The names of the feature and the target, e.g. 髒話因子 and IQ. */
    columns: Type.Tuple([LocalisedText, LocalisedText]),
    points: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { minItems: 2, maxItems: 500 }),
  },
  closed,
);
export type DataSet = Static<typeof DataSet>;

/** The names of a level's inputs as teams see them: x (and y) unless the level says otherwise (a, b). */
export const Axes = Type.Array(Type.String({ minLength: 1, maxLength: 12 }), { minItems: 1, maxItems: 2 });

/** Every error: its code, an English message, and — where a page needs it to say the error — a reason and params. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    reason: Type.Optional(Type.String()),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  }),
});

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, closed);
export type IdParams = Static<typeof IdParams>;

// ---------- public views ----------

/** Public level info as teams and the board see it: never the expression, f*, the median or samples. */
export const PublicLevel = Type.Object({
  id: Type.Integer(),
  index: Type.Integer(),
  title: Type.String(),
  dims: Type.Union([Type.Literal(1), Type.Literal(2)]),
  domain: Domain,
  delayMs: Type.Integer(),
  budget: Nullable(Type.Integer()),
  status: LevelStatus,
  closesAt: Type.Optional(Nullable(Iso)),
  /** Time left on a paused level with a time limit. */
  remainingMs: Type.Optional(Nullable(Type.Integer())),
  /** The names of the inputs, one per dimension: ['x'], ['x', 'y'], or the level's own (['a', 'b']). */
  axes: Axes,
  /** The level's data set, shown on the plots, when it has one. */
  data: Type.Optional(DataSet),
});
export type PublicLevel = Static<typeof PublicLevel>;

/**
 * A team as its own devices see it. An empty `name` is shown as "Team <number>" in the page's language. `code`: the
 * team code that later devices of the team need to log in (its first device claimed the team).
 */
export const TeamView = Type.Object({ id: Type.Integer(), number: Type.Integer(), name: Type.String(), code: Type.Optional(Type.String()) });
export type TeamView = Static<typeof TeamView>;

/** A guess as its team sees it; fx, grad and slope only once ready. */
export const GuessView = Type.Object({
  id: Type.Integer(),
  x: Point,
  submittedAt: Iso,
  readyAt: Iso,
  status: Type.Union([Type.Literal('pending'), Type.Literal('ready')]),
  fx: Type.Optional(Type.Number()),
  grad: Type.Optional(Type.Array(Type.Number())),
  slope: Type.Optional(Type.Number()),
});
export type GuessView = Static<typeof GuessView>;

export const LeaderboardEntry = Type.Object({
  rank: Type.Integer(),
  teamId: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  best: Nullable(Type.Number()),
  bestAt: Nullable(Iso),
  guesses: Type.Integer(),
  /** 0–1000, only once the level is revealed (from them f* would follow); always for the admin. */
  points: Type.Optional(Type.Integer()),
  /** f_best − f*, only once the level is revealed; always for the admin. */
  regret: Type.Optional(Nullable(Type.Number())),
});
export type LeaderboardEntry = Static<typeof LeaderboardEntry>;

export const OverallEntry = Type.Object({
  rank: Type.Integer(),
  teamId: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  points: Type.Integer(),
  /** Points per settled level, by level id. */
  levels: Type.Record(Type.String(), Type.Integer()),
});
export type OverallEntry = Static<typeof OverallEntry>;

export const PathPoint = Type.Object({ x: Point, fx: Type.Number() });
export type PathPoint = Static<typeof PathPoint>;

export const ReferencePath = Type.Object({
  optimizer: Optimizer,
  /** 'standardised': gradient descent on the regression with its feature standardised (path mapped back to a, b). */
  variant: Type.Optional(Type.Literal('standardised')),
  lr: Type.Number(),
  beta: Type.Optional(Type.Number()),
  steps: Type.Integer(),
  /** The team this run starts from (its first guess), or null for the level's default start. */
  teamId: Nullable(Type.Integer()),
  diverged: Type.Boolean(),
  path: Type.Array(PathPoint),
});
export type ReferencePath = Static<typeof ReferencePath>;

/** Samples of f over the domain: a curve on 1-D levels, a grid (values[j][i] = f(xs[i], ys[j])) on 2-D. */
export const CurveSamples = Type.Union([
  Type.Object({ dims: Type.Literal(1), xs: Type.Array(Type.Number()), fx: Type.Array(Type.Number()) }),
  Type.Object({
    dims: Type.Literal(2),
    xs: Type.Array(Type.Number()),
    ys: Type.Array(Type.Number()),
    values: Type.Array(Type.Array(Type.Number())),
  }),
]);
export type CurveSamples = Static<typeof CurveSamples>;

/** What becomes public once a level is revealed. */
export const Reveal = Type.Object({
  expression: Type.String(),
  fStar: Type.Number(),
  argmin: Point,
  median: Type.Number(),
  samples: CurveSamples,
  /**
   * Every team's ready guesses in order, by team id. A path of more than MAX_REVEAL_POINTS guesses is thinned for
   * display (its first, last and best points kept, the rest evenly); `guesses` then says how many it stands for.
   */
  paths: Type.Array(
    Type.Object({ teamId: Type.Integer(), number: Type.Integer(), name: Type.String(), path: Type.Array(PathPoint), guesses: Type.Optional(Type.Integer()) }),
  ),
  reference: Type.Array(ReferencePath),
});
export type Reveal = Static<typeof Reveal>;

// ---------- team calls ----------

/**
 * A login: team number and level password (with the team code once the team is claimed, and the PIN where the game
 * asks for one). With a team token in `Authorization`, only `password`: the same team switches to that level.
 */
export const LoginBody = Type.Object(
  {
    team: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.String({ pattern: '^\\s*[0-9]{1,7}\\s*$' })])),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    pin: Type.Optional(Type.String({ maxLength: 50 })),
    code: Type.Optional(Type.String({ maxLength: 20 })),
  },
  closed,
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginResponse = Type.Object({ token: Type.String(), team: TeamView, level: PublicLevel });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({
  team: TeamView,
  level: PublicLevel,
  guesses: Type.Array(GuessView),
  best: Nullable(GuessView),
  remaining: Nullable(Type.Integer()),
  rank: Type.Optional(Type.Integer()),
  /** The level's leaderboard, when the game shows it to teams or the level is settled. */
  leaderboard: Type.Optional(Type.Array(LeaderboardEntry)),
  reveal: Type.Optional(Reveal),
  /** The game's overall standings (points summed over the revealed levels), once a level of it is revealed. */
  overall: Type.Optional(Type.Array(OverallEntry)),
  /** Whether the game asks for a PIN at login (so the page can switch levels without asking again). */
  requirePin: Type.Boolean(),
});
export type MeResponse = Static<typeof MeResponse>;

export const GuessBody = Type.Object({ x: PointInput }, closed);
export type GuessBody = Static<typeof GuessBody>;

export const GuessListResponse = Type.Object({ guesses: Type.Array(GuessView) });
export type GuessListResponse = Static<typeof GuessListResponse>;

export const GuessIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, closed);
export const WaitQuery = Type.Object({ wait: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])) }, closed);

// ---------- board ----------

export const FeedItem = Type.Object({
  teamId: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  at: Iso,
  /** Values only when the instructor allows the board to show them, and only once ready. */
  x: Type.Optional(Point),
  fx: Type.Optional(Type.Number()),
});
export type FeedItem = Static<typeof FeedItem>;

export const BoardLevel = Type.Object({
  level: PublicLevel,
  /** Shown when the instructor chooses to put the password on the board. */
  password: Type.Optional(Type.String()),
  leaderboard: Type.Array(LeaderboardEntry),
  /** Teams with at least one guess in this level. */
  playing: Type.Integer(),
  reveal: Type.Optional(Reveal),
});
export type BoardLevel = Static<typeof BoardLevel>;

export const BoardSnapshot = Type.Object({
  game: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), teams: Type.Integer(), showFeedValues: Type.Boolean() })),
  levels: Type.Array(PublicLevel),
  current: Nullable(BoardLevel),
  overall: Type.Array(OverallEntry),
  feed: Type.Array(FeedItem),
  /** True when every level of the game is settled: time for the podium. */
  finished: Type.Boolean(),
});
export type BoardSnapshot = Static<typeof BoardSnapshot>;

/** `ok` is false when the server runs but cannot save (`writable: false`: the database file is read-only). */
export const HealthResponse = Type.Object({
  ok: Type.Boolean(),
  writable: Type.Boolean(),
  /** 'ok', or what keeps the server from saving: read-only, disk-full, file-gone, file-replaced, unreachable. */
  storage: Type.String(),
  version: Type.String(),
  backend: Type.String(),
  uptimeS: Type.Number(),
});

// ---------- admin ----------

export const AdminLoginBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, closed);
export const TokenResponse = Type.Object({ token: Type.String() });

export const GameBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    loginDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    requirePin: Type.Optional(Type.Boolean()),
    showLeaderboard: Type.Optional(Type.Boolean()),
    showFeedValues: Type.Optional(Type.Boolean()),
    /** What a new level of this game starts with: the delay per guess and the guess budget (null = unlimited). */
    defaultDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS })),
    defaultBudget: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_BUDGET }))),
    /** The IANA time zone of the exports (e.g. Asia/Taipei); null: the server's. */
    timeZone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    /** Whether a new level's password is shown on the board (the last choice is kept). */
    showPassword: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type GameBody = Static<typeof GameBody>;
export const GamePatch = Type.Partial(GameBody, closed);
export type GamePatch = Static<typeof GamePatch>;

export const AdminGame = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  loginDelayMs: Type.Integer(),
  requirePin: Type.Boolean(),
  showLeaderboard: Type.Boolean(),
  showFeedValues: Type.Boolean(),
  active: Type.Boolean(),
  boardLevelId: Nullable(Type.Integer()),
  defaultDelayMs: Type.Integer(),
  defaultBudget: Nullable(Type.Integer()),
  timeZone: Nullable(Type.String()),
  showPassword: Type.Boolean(),
  createdAt: Iso,
  levels: Type.Integer(),
  teams: Type.Integer(),
});
export type AdminGame = Static<typeof AdminGame>;

const StartPoint = Type.Union([Type.Number(), Type.Array(Type.Number(), { minItems: 1, maxItems: 2 })]);

export const LevelBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    expression: Type.String({ minLength: 1, maxLength: 2000 }),
    domain: Type.Array(Interval, { minItems: 1, maxItems: 2 }),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS })),
    budget: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_BUDGET }))),
    timeLimitMs: Type.Optional(Nullable(Type.Integer({ minimum: 1000, maximum: 86_400_000 }))),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    start: Type.Optional(StartPoint),
    /** One name per dimension; default x (and y). */
    axes: Type.Optional(Axes),
    data: Type.Optional(Nullable(DataSet)),
  },
  closed,
);
export type LevelBody = Static<typeof LevelBody>;
export const LevelPatch = Type.Partial(
  Type.Object({ ...LevelBody.properties, index: Type.Integer({ minimum: 0 }), showPassword: Type.Boolean() }),
  closed,
);
export type LevelPatch = Static<typeof LevelPatch>;

export const AdminLevel = Type.Object({
  ...PublicLevel.properties,
  gameId: Type.Integer(),
  expression: Type.String(),
  password: Type.String(),
  timeLimitMs: Nullable(Type.Integer()),
  start: Point,
  fStar: Type.Number(),
  argmin: Point,
  median: Type.Number(),
  showPassword: Type.Boolean(),
  openedAt: Nullable(Iso),
});
export type AdminLevel = Static<typeof AdminLevel>;

export const ExtendBody = Type.Object({ ms: Type.Integer({ minimum: -86_400_000, maximum: 86_400_000 }) }, closed);
/** Opening a level: `closeOthers` closes the game's other open or paused levels first. */
export const OpenBody = Type.Object({ closeOthers: Type.Optional(Type.Boolean()) }, closed);
export const ResetBody = Type.Object({ teamId: Type.Optional(Type.Integer({ minimum: 1 })) }, closed);

export const TeamInput = Type.Object(
  {
    number: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    pin: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
  },
  closed,
);
export const TeamsBody = Type.Union([
  Type.Object({ count: Type.Integer({ minimum: 1, maximum: 500 }), pins: Type.Optional(Type.Boolean()) }, closed),
  Type.Object({ teams: Type.Array(TeamInput, { minItems: 1, maxItems: 500 }) }, closed),
]);
export type TeamsBody = Static<typeof TeamsBody>;
export const TeamPatch = Type.Partial(TeamInput, closed);
export type TeamPatch = Static<typeof TeamPatch>;

export const AdminTeam = Type.Object({
  id: Type.Integer(),
  gameId: Type.Integer(),
  number: Type.Integer(),
  name: Type.String(),
  pin: Nullable(Type.String()),
  /** The team code its first device claimed it with; null until then (and after the instructor resets it). */
  code: Nullable(Type.String()),
});
export type AdminTeam = Static<typeof AdminTeam>;

/** A guess as the admin monitor sees it: the values from the moment it is stored. */
export const AdminGuess = Type.Object({
  id: Type.Integer(),
  teamId: Type.Integer(),
  levelId: Type.Integer(),
  x: Point,
  fx: Type.Number(),
  grad: Type.Array(Type.Number()),
  submittedAt: Iso,
  readyAt: Iso,
  source: GuessSource,
});
export type AdminGuess = Static<typeof AdminGuess>;

export const ReferenceRunInput = Type.Object(
  {
    optimizer: Optimizer,
    lr: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
    beta: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
    steps: Type.Integer({ minimum: 0, maximum: 10_000 }),
    start: Type.Optional(StartPoint),
  },
  closed,
);
export type ReferenceRunInput = Static<typeof ReferenceRunInput>;
export const ReferenceBody = Type.Object(
  {
    runs: Type.Array(ReferenceRunInput, { minItems: 1, maxItems: 12 }),
    /** Also run every optimizer from each team's first guess, with as many steps as the team used guesses. */
    teams: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type ReferenceBody = Static<typeof ReferenceBody>;
export const ReferenceResponse = Type.Object({ backend: Type.String(), runs: Type.Array(ReferencePath) });
export type ReferenceResponse = Static<typeof ReferenceResponse>;

export const PreviewBody = Type.Object(
  { expression: Type.String({ minLength: 1, maxLength: 2000 }), domain: Type.Array(Interval, { minItems: 1, maxItems: 2 }) },
  closed,
);

// ---------- realtime messages (Socket.IO event "message" and the plain WebSocket) ----------

/** A client's label for one of its messages: the answer (or error) to it carries the same `id`. */
const MessageId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

/** Messages a team (Socket.IO /team or the plain WebSocket) sends. */
export const TeamClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('guess'), x: PointInput, id: MessageId }, closed),
  Type.Object({ type: Type.Literal('state'), id: MessageId }, closed),
  Type.Object({ type: Type.Literal('ping'), id: MessageId }, closed),
]);
export type TeamClientMessage = Static<typeof TeamClientMessage>;

/**
 * A guess in a realtime message: the guess as HTTP shows it, its id as `guessId` (`id` is the client's label), and
 * whose it is — `own` is true on the socket whose message made it, false on the team's other devices — and the door
 * it came through.
 */
export type GuessMessage = Omit<GuessView, 'id'> & { guessId: number; own: boolean; source: GuessSource };

/** Messages the server sends to a team. An answer to a client's message echoes its `id`. */
export type TeamServerMessage =
  | ({ type: 'state'; id?: string } & MeResponse)
  | ({ type: 'accepted'; id?: string } & GuessMessage)
  | ({ type: 'ready' } & GuessMessage)
  | { type: 'level'; level: PublicLevel }
  /** `partial`: only the rows that changed since the last leaderboard message (merge them by teamId). */
  | { type: 'leaderboard'; levelId: number; leaderboard: LeaderboardEntry[]; partial?: boolean }
  | { type: 'reveal'; levelId: number; reveal: Reveal }
  | { type: 'pong'; id?: string }
  | { type: 'error'; code: string; message: string; id?: string; reason?: string; params?: Record<string, string | number> };

/** Messages the board (Socket.IO /board) receives; updates are batched. A revealed level's reveal is re-sent when a result arrives after it. */
export type BoardServerMessage =
  | { type: 'board'; board: BoardSnapshot }
  | { type: 'reveal'; levelId: number; reveal: Reveal }
  | { type: 'update'; levelId: number; leaderboard: LeaderboardEntry[]; playing: number; overall: OverallEntry[]; feed: FeedItem[] };

/** Messages the admin monitor (Socket.IO /admin) receives. */
export type AdminServerMessage =
  | { type: 'guess'; guess: AdminGuess }
  | { type: 'level'; level: AdminLevel }
  | { type: 'presence'; gameId: number; devices: Record<string, number> }
  | { type: 'games' };

