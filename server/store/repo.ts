/**
 * The store: the game's records in and out of the database through Prisma (JSON columns decoded, times as epoch
 * milliseconds), migrations applied at start-up, and the guess writer's fast path. Lives here: repositories and
 * database plumbing. May import: the game's types (server/game/types.ts, rules.ts), never its services.
 */
import type { Db } from './db.ts';
import type { GuessWrites, InsertedGuess, StorageTrouble } from './guesses.ts';
import type { LevelState } from '../game/rules.ts';
import type { GameRecord, GameSettings, LevelChanges, LevelRecord, NewGuess, NewLevel, NewReferenceRun, NewTeam, ReferenceRecord, StoredGuess, TeamRecord } from '../game/types.ts';
import type { GuessSource, LevelStatus, Optimizer } from '../../shared/protocol.ts';
import type { Guess as GuessRow, Level as LevelRow, Game as GameRow, Team as TeamRow } from './generated/client.ts';

/** Guesses one statement deletes on SQLite (about 2 ms of the event loop here). */
const DELETE_SLICE = 2000;
/** The index by team that exists on SQLite only while a game is deleted (tests check it is gone after). */
export const TEMPORARY_TEAM_INDEX = 'Guess_teamId_while_deleting';

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const date = (t: number | null): Date | null => (t === null ? null : new Date(t));

export const toGame = (r: GameRow): GameRecord => ({ ...r, createdAt: r.createdAt.getTime() });

export const toLevel = (r: LevelRow): LevelRecord => ({
  id: r.id,
  gameId: r.gameId,
  index: r.index,
  title: r.title,
  expression: r.expression,
  dims: r.dims === 2 ? 2 : 1,
  domain: JSON.parse(r.domain),
  delayMs: r.delayMs,
  budget: r.budget,
  timeLimitMs: r.timeLimitMs,
  password: r.password,
  start: JSON.parse(r.start),
  fStar: r.fStar,
  argmin: JSON.parse(r.argmin),
  median: r.fMedian,
  samples: r.samples ? JSON.parse(r.samples) : null,
  axes: r.axes ? JSON.parse(r.axes) : r.dims === 2 ? ['x', 'y'] : ['x'],
  data: r.data ? JSON.parse(r.data) : null,
  status: r.status as LevelStatus,
  showPassword: r.showPassword,
  openedAt: ms(r.openedAt),
  closesAt: ms(r.closesAt),
  remainingMs: r.remainingMs,
  closedAt: ms(r.closedAt),
  revealedAt: ms(r.revealedAt),
});

export const toTeam = (r: TeamRow): TeamRecord => ({ id: r.id, gameId: r.gameId, number: r.number, name: r.name, pin: r.pin, code: r.code });

export const toGuess = (r: GuessRow): StoredGuess => ({
  id: r.id,
  teamId: r.teamId,
  levelId: r.levelId,
  x: JSON.parse(r.x),
  fx: r.fx,
  grad: JSON.parse(r.grad),
  submittedAt: r.submittedAt.getTime(),
  readyAt: r.readyAt.getTime(),
  source: r.source as GuessSource,
});

/** The lifecycle columns of a level, as the rules return them. */
export function levelStateData(s: LevelState) {
  return {
    status: s.status,
    openedAt: date(s.openedAt),
    closesAt: date(s.closesAt),
    remainingMs: s.remainingMs,
    closedAt: date(s.closedAt),
    revealedAt: date(s.revealedAt),
  };
}

/** The columns of a level's definition and settings that a change names (JSON columns encoded). */
function levelColumns(l: LevelChanges) {
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  return {
    title: l.title,
    index: l.index,
    expression: l.expression,
    dims: l.dims,
    domain: json(l.domain),
    delayMs: l.delayMs,
    budget: l.budget,
    timeLimitMs: l.timeLimitMs,
    password: l.password,
    showPassword: l.showPassword,
    start: json(l.start),
    fStar: l.fStar,
    argmin: json(l.argmin),
    fMedian: l.median,
    samples: json(l.samples),
    axes: json(l.axes),
    data: l.data === undefined ? undefined : l.data === null ? null : JSON.stringify(l.data),
  };
}

/** The repositories the game service uses. */
export class Store {
  constructor(
    readonly db: Db,
    private readonly guesses: GuessWrites,
    /** 'postgresql' when several instances may share the database (the due-results queue runs then). */
    readonly engine: 'sqlite' | 'postgresql' = 'sqlite',
  ) {}

  // ----- games -----
  async listGames(): Promise<(GameRecord & { levels: number; teams: number })[]> {
    const rows = await this.db.game.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { levels: true, teams: true } } } });
    return rows.map((r) => ({ ...toGame(r), levels: r._count.levels, teams: r._count.teams }));
  }
  async getGame(id: number): Promise<GameRecord | null> {
    const r = await this.db.game.findUnique({ where: { id } });
    return r ? toGame(r) : null;
  }
  async activeGame(): Promise<GameRecord | null> {
    const r = await this.db.game.findFirst({ where: { active: true } });
    return r ? toGame(r) : null;
  }
  async countGames(): Promise<number> {
    return this.db.game.count();
  }
  async createGame(data: Partial<GameSettings> & { title: string }): Promise<GameRecord> {
    return toGame(await this.db.game.create({ data }));
  }
  async updateGame(id: number, data: Partial<GameSettings & Pick<GameRecord, 'boardLevelId'>>): Promise<GameRecord> {
    return toGame(await this.db.game.update({ where: { id }, data }));
  }
  /**
   * A game with its levels, teams, guesses and sessions. SQLite runs statements on the event loop, and its guess
   * table has no index by team (it would cost every insert, see schema.prisma): without one it checks each deleted
   * team's foreign key by reading every guess of every game (300 teams beside 240 000 guesses held the loop 4.5 s).
   * So there the guesses go first, a slice at a time, and the cascade runs with a temporary index by team.
   */
  async deleteGame(id: number): Promise<void> {
    if (this.engine !== 'sqlite') {
      await this.db.game.delete({ where: { id } });
      return;
    }
    for (const { id: levelId } of await this.db.level.findMany({ where: { gameId: id }, select: { id: true } })) await this.deleteGuesses(levelId);
    await this.db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "${TEMPORARY_TEAM_INDEX}" ON "Guess"("teamId")`);
    try {
      await this.db.game.delete({ where: { id } });
    } finally {
      await this.db.$executeRawUnsafe(`DROP INDEX IF EXISTS "${TEMPORARY_TEAM_INDEX}"`);
    }
  }
  async activateGame(id: number): Promise<void> {
    await this.db.$transaction([
      this.db.game.updateMany({ where: { active: true, NOT: { id } }, data: { active: false } }),
      this.db.game.update({ where: { id }, data: { active: true } }),
    ]);
  }

  // ----- levels -----
  async levelsOf(gameId: number): Promise<LevelRecord[]> {
    return (await this.db.level.findMany({ where: { gameId }, orderBy: [{ index: 'asc' }, { id: 'asc' }] })).map(toLevel);
  }
  async getLevel(id: number): Promise<LevelRecord | null> {
    const r = await this.db.level.findUnique({ where: { id } });
    return r ? toLevel(r) : null;
  }
  async createLevel(l: NewLevel): Promise<LevelRecord> {
    const data = {
      gameId: l.gameId,
      index: l.index,
      title: l.title,
      expression: l.expression,
      dims: l.dims,
      domain: JSON.stringify(l.domain),
      delayMs: l.delayMs,
      budget: l.budget,
      timeLimitMs: l.timeLimitMs,
      password: l.password,
      start: JSON.stringify(l.start),
      fStar: l.fStar,
      argmin: JSON.stringify(l.argmin),
      fMedian: l.median,
      samples: l.samples === null ? null : JSON.stringify(l.samples),
      axes: JSON.stringify(l.axes),
      data: l.data === null ? null : JSON.stringify(l.data),
      showPassword: l.showPassword,
    };
    return toLevel(await this.db.level.create({ data }));
  }
  async updateLevel(id: number, changes: LevelChanges): Promise<LevelRecord> {
    return toLevel(await this.db.level.update({ where: { id }, data: levelColumns(changes) }));
  }
  /** Stores a level's lifecycle as the rules returned it. */
  async saveLevelState(s: LevelState): Promise<LevelRecord> {
    return toLevel(await this.db.level.update({ where: { id: s.id }, data: levelStateData(s) }));
  }
  /**
   * Stores a level's next lifecycle state only if it is still in `from` (another instance may have moved it since it
   * was read): the new record, or null when it was not.
   */
  async moveLevelState(s: LevelState, from: LevelState['status']): Promise<LevelRecord | null> {
    const { count } = await this.db.level.updateMany({ where: { id: s.id, status: from }, data: levelStateData(s) });
    return count === 1 ? this.getLevel(s.id) : null;
  }
  async deleteLevel(id: number): Promise<void> {
    if (this.engine === 'sqlite') await this.deleteGuesses(id);
    await this.db.level.delete({ where: { id } });
  }
  /** Levels whose clocks the server must watch after a start: open with a time limit. */
  async timedOpenLevels(): Promise<LevelRecord[]> {
    return (await this.db.level.findMany({ where: { status: 'open', NOT: { closesAt: null } } })).map(toLevel);
  }

  // ----- teams -----
  async teamsOf(gameId: number): Promise<TeamRecord[]> {
    return (await this.db.team.findMany({ where: { gameId }, orderBy: { number: 'asc' } })).map(toTeam);
  }
  async getTeam(id: number): Promise<TeamRecord | null> {
    const r = await this.db.team.findUnique({ where: { id } });
    return r ? toTeam(r) : null;
  }
  async findTeam(gameId: number, number: number): Promise<TeamRecord | null> {
    const r = await this.db.team.findUnique({ where: { gameId_number: { gameId, number } } });
    return r ? toTeam(r) : null;
  }
  async createTeams(gameId: number, teams: NewTeam[]): Promise<TeamRecord[]> {
    // One statement: a batch of one insert per team (up to 500) outlasted Prisma's 5 s transaction limit on a busy
    // PostgreSQL.
    const rows = await this.db.team.createManyAndReturn({ data: teams.map((t) => ({ gameId, ...t })) });
    return rows.map(toTeam).sort((a, b) => a.number - b.number);
  }
  async updateTeam(id: number, data: Partial<Pick<TeamRecord, 'number' | 'name' | 'pin'>>): Promise<TeamRecord> {
    return toTeam(await this.db.team.update({ where: { id }, data }));
  }
  async deleteTeam(id: number): Promise<void> {
    await this.db.team.delete({ where: { id } });
  }
  /** Claims an unclaimed team with `code`: true for the one device that gets it (others see it claimed). */
  async claimTeam(id: number, code: string, now: number): Promise<boolean> {
    const { count } = await this.db.team.updateMany({ where: { id, code: null }, data: { code, claimedAt: new Date(now) } });
    return count === 1;
  }
  /** Frees a team to be claimed again and ends every session of it. */
  async resetTeamCode(id: number): Promise<TeamRecord> {
    const [, team] = await this.db.$transaction([this.db.teamSession.deleteMany({ where: { teamId: id } }), this.db.team.update({ where: { id }, data: { code: null, claimedAt: null } })]);
    return toTeam(team);
  }

  // ----- guesses -----
  async guessesOf(levelId: number): Promise<StoredGuess[]> {
    return (await this.db.guess.findMany({ where: { levelId }, orderBy: { id: 'asc' } })).map(toGuess);
  }
  async guessesOfGame(gameId: number): Promise<StoredGuess[]> {
    return (await this.db.guess.findMany({ where: { level: { gameId } }, orderBy: { id: 'asc' } })).map(toGuess);
  }
  /**
   * Stores a guess: its id at once, and `committed`, which resolves once it is on disk (the 202 and every push
   * wait for it) or rejects when it could not be stored; or the rule the database refused it for.
   */
  insertGuess(g: NewGuess): Promise<InsertedGuess> {
    return this.guesses.insert(g);
  }
  /** Whether the database takes writes. */
  writable(): boolean {
    return this.guesses.writable();
  }
  /** Why the database takes no writes now, or null when it does. */
  trouble(): StorageTrouble | null {
    return this.guesses.trouble();
  }

  /** Stores a guess without the rules (a restored backup) and returns it once it is on disk. */
  async createGuess(g: NewGuess): Promise<StoredGuess> {
    const row = await this.db.guess.create({
      data: { teamId: g.teamId, levelId: g.levelId, x: JSON.stringify(g.x), fx: g.fx, grad: JSON.stringify(g.grad), submittedAt: new Date(g.submittedAt), readyAt: new Date(g.readyAt), source: g.source },
    });
    return toGuess(row);
  }
  /**
   * Takes the announcement of a result that is due (the instance that took the guess, or any other once it is
   * overdue): true for the one instance that gets it.
   */
  async claimDelivery(id: number, now: number): Promise<boolean> {
    const { count } = await this.db.guess.updateMany({ where: { id, deliveredAt: null }, data: { deliveredAt: new Date(now) } });
    return count === 1;
  }
  /**
   * Claims results overdue by `graceMs` that no instance announced (it died), oldest first, skipping rows another
   * instance is claiming at the same moment (PostgreSQL's FOR UPDATE SKIP LOCKED).
   */
  async claimOverdue(now: number, graceMs: number, limit: number): Promise<StoredGuess[]> {
    const rows = await this.db.$queryRaw<GuessRow[]>`
      UPDATE "Guess" SET "deliveredAt" = to_timestamp(${now / 1000}::double precision) AT TIME ZONE 'UTC'
      WHERE "id" IN (
        SELECT "id" FROM "Guess"
        WHERE "deliveredAt" IS NULL AND "readyAt" <= to_timestamp(${(now - graceMs) / 1000}::double precision) AT TIME ZONE 'UTC'
        ORDER BY "readyAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`;
    return rows.map(toGuess);
  }
  async pendingGuesses(now: number): Promise<StoredGuess[]> {
    return (await this.db.guess.findMany({ where: { readyAt: { gt: new Date(now) } } })).map(toGuess);
  }
  /** A level's guesses, or one team's. On SQLite a whole level's go a slice at a time, a turn of the loop between. */
  async deleteGuesses(levelId: number, teamId?: number): Promise<number> {
    if (this.engine !== 'sqlite' || teamId !== undefined) {
      const { count } = await this.db.guess.deleteMany({ where: { levelId, ...(teamId !== undefined ? { teamId } : {}) } });
      return count;
    }
    let count = 0;
    for (;;) {
      const n = await this.db.$executeRaw`DELETE FROM "Guess" WHERE "id" IN (SELECT "id" FROM "Guess" WHERE "levelId" = ${levelId} LIMIT ${DELETE_SLICE})`;
      count += n;
      if (n < DELETE_SLICE) return count;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // ----- sessions and settings -----
  async createTeamSession(tokenHash: string, teamId: number, levelId: number, now: number): Promise<void> {
    await this.db.teamSession.create({ data: { tokenHash, teamId, levelId, createdAt: new Date(now) } });
  }
  async findTeamSession(tokenHash: string): Promise<{ teamId: number; levelId: number; createdAt: number } | null> {
    const row = await this.db.teamSession.findUnique({ where: { tokenHash }, select: { teamId: true, levelId: true, createdAt: true } });
    return row ? { teamId: row.teamId, levelId: row.levelId, createdAt: row.createdAt.getTime() } : null;
  }
  /** Ends sessions of a team: all of them, or all but its `keep` newest. Returns the token hashes ended. */
  async deleteTeamSessions(teamId: number, keep = 0): Promise<string[]> {
    const ended = await this.db.teamSession.findMany({ where: { teamId }, orderBy: { createdAt: 'desc' }, skip: keep, select: { tokenHash: true } });
    if (ended.length) await this.db.teamSession.deleteMany({ where: { tokenHash: { in: ended.map((s) => s.tokenHash) } } });
    return ended.map((s) => s.tokenHash);
  }
  /** Ends sessions created before `before` (old tokens expire). */
  async deleteTeamSessionsBefore(before: number): Promise<number> {
    const { count } = await this.db.teamSession.deleteMany({ where: { createdAt: { lt: new Date(before) } } });
    return count;
  }
  async createAdminSession(tokenHash: string, expiresAt: number): Promise<void> {
    await this.db.adminSession.create({ data: { tokenHash, expiresAt: new Date(expiresAt) } });
  }
  async findAdminSession(tokenHash: string): Promise<{ expiresAt: number } | null> {
    const r = await this.db.adminSession.findUnique({ where: { tokenHash } });
    return r ? { expiresAt: r.expiresAt.getTime() } : null;
  }
  async deleteAdminSession(tokenHash: string): Promise<void> {
    await this.db.adminSession.deleteMany({ where: { tokenHash } });
  }
  async deleteAllAdminSessions(): Promise<void> {
    await this.db.adminSession.deleteMany({});
  }
  /**
   * Counts one attempt under `key` in a fixed window of `windowMs` and returns the count so far (a new window starts
   * at 1). One statement, so instances sharing the database count together.
   */
  async hit(key: string, windowMs: number, now: number): Promise<number> {
    const rows = await this.db.$queryRaw<{ count: number }[]>`
      INSERT INTO "RateBucket" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateBucket"."windowStart" <= ${now - windowMs} THEN 1 ELSE "RateBucket"."count" + 1 END,
        "windowStart" = CASE WHEN "RateBucket"."windowStart" <= ${now - windowMs} THEN ${now} ELSE "RateBucket"."windowStart" END
      RETURNING "count"`;
    return Number(rows[0].count);
  }
  /** The count under `key` in its current window (0 when it has expired). */
  async hits(key: string, windowMs: number, now: number): Promise<number> {
    const row = await this.db.rateBucket.findUnique({ where: { key } });
    return row && row.windowStart > now - windowMs ? row.count : 0;
  }
  /** Takes back one attempt under `key` (a success that was counted as a failure until it was checked). */
  async unhit(key: string): Promise<void> {
    await this.db.rateBucket.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
  }
  /** Forgets counters whose window ended (run now and then). */
  async pruneHits(olderThan: number): Promise<void> {
    await this.db.rateBucket.deleteMany({ where: { windowStart: { lt: olderThan } } });
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.db.setting.findUnique({ where: { key } }))?.value ?? null;
  }
  async setSetting(key: string, value: string): Promise<void> {
    await this.db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }

  // ----- reference runs -----
  async referenceRuns(levelId: number): Promise<ReferenceRecord[]> {
    const rows = await this.db.referenceRun.findMany({ where: { levelId }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ ...r, optimizer: r.optimizer as Optimizer, variant: r.variant === 'standardised' ? 'standardised' : null, path: JSON.parse(r.path) }));
  }
  async replaceReferenceRuns(levelId: number, runs: NewReferenceRun[]): Promise<void> {
    await this.db.$transaction([this.db.referenceRun.deleteMany({ where: { levelId } }), this.insertReferenceRuns(levelId, runs)]);
  }
  /** Adds runs after the level's others (they are read in the order they were stored). */
  async addReferenceRuns(levelId: number, runs: NewReferenceRun[]): Promise<void> {
    await this.insertReferenceRuns(levelId, runs);
  }
  /** One insert for every run (three per team: thousands in a large class), not one statement each. */
  private insertReferenceRuns(levelId: number, runs: NewReferenceRun[]) {
    return this.db.referenceRun.createMany({
      data: runs.map((r) => ({ levelId, teamId: r.teamId, optimizer: r.optimizer, variant: r.variant, lr: r.lr, beta: r.beta, steps: r.steps, diverged: r.diverged, path: JSON.stringify(r.path) })),
    });
  }
  /** A level's reference runs (`teamRunsOnly`: those from teams' first guesses, keeping the default ones). */
  async deleteReferenceRuns(levelId: number, options: { teamRunsOnly?: boolean } = {}): Promise<void> {
    await this.db.referenceRun.deleteMany({ where: { levelId, ...(options.teamRunsOnly ? { NOT: { teamId: null } } : {}) } });
  }
}
