/** The JSON backup of one game (format version 1): what export.json writes and import reads. */
import { Type, type Static } from '@sinclair/typebox';
import { Axes, DataSet } from './protocol.ts';

const Num = Type.Number();
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableNum = Type.Union([Type.Number(), Type.Null()]);

/** The JSON backup of one game (format version 1). */
export const GameBackup = Type.Object({
  format: Type.Literal('gd-arena-game'),
  version: Type.Literal(1),
  game: Type.Object({
    title: Type.String({ minLength: 1, maxLength: 200 }),
    loginDelayMs: Type.Integer({ minimum: 0, maximum: 120_000 }),
    requirePin: Type.Boolean(),
    showLeaderboard: Type.Boolean(),
    showFeedValues: Type.Boolean(),
  }),
  levels: Type.Array(
    Type.Object({
      key: Type.Integer(),
      index: Type.Integer(),
      title: Type.String(),
      expression: Type.String({ maxLength: 2000 }),
      domain: Type.Array(Type.Tuple([Num, Num]), { minItems: 1, maxItems: 2 }),
      delayMs: Type.Integer({ minimum: 0 }),
      budget: NullableInt,
      timeLimitMs: NullableInt,
      password: Type.String({ minLength: 1 }),
      start: Type.Array(Num),
      /** Absent in backups from before axis names and data sets. */
      axes: Type.Optional(Axes),
      data: Type.Optional(DataSet),
      status: Type.String(),
      showPassword: Type.Boolean(),
      openedAt: NullableNum,
      closesAt: NullableNum,
      remainingMs: NullableInt,
      closedAt: NullableNum,
      revealedAt: NullableNum,
    }),
    { maxItems: 100 },
  ),
  teams: Type.Array(Type.Object({ key: Type.Integer(), number: Type.Integer(), name: Type.String(), pin: Type.Union([Type.String(), Type.Null()]) }), { maxItems: 1000 }),
  guesses: Type.Array(
    Type.Object({
      level: Type.Integer(),
      team: Type.Integer(),
      x: Type.Array(Num),
      fx: Num,
      grad: Type.Array(Num),
      submittedAt: Num,
      readyAt: Num,
      source: Type.String(),
    }),
    { maxItems: 200_000 },
  ),
});
export type GameBackup = Static<typeof GameBackup>;
