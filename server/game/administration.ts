/**
 * The instructor's side of the game: games, levels and teams are created, edited, duplicated and deleted here, and
 * the monitor reads every guess. Each change is stored, then announced, so caches and screens follow.
 */
import { GameError } from '../../shared/errors.ts';
import type { AdminGame, AdminGuess, AdminLevel, AdminTeam, CurveSamples, LeaderboardEntry, LevelBody, LevelPatch, ReferenceBody, ReferencePath, TeamPatch, TeamsBody } from '../../shared/protocol.ts';
import type { Store } from '../store/repo.ts';
import { compileLevelFunction, sampleCurve } from '../math/expression.ts';
import { memorablePassword, newPin, normalisePassword } from './auth.ts';
import type { EventBus } from './events.ts';
import type { LevelAnalyser, ReferenceRunner, ReferenceRunRequest, TeamStart } from './ports.ts';
import type { Presence } from './presence.ts';
import { firstGuesses, type Rooms } from './rooms.ts';
import type { KeyedQueue } from './serial.ts';
import type { GameRecord, GameSettings, LevelChanges, LevelRecord, TeamRecord } from './types.ts';
import { adminGame, adminGuess, adminLevel, adminTeam, leaderboardView, point, referencePath } from './views.ts';

/** A level's axis names: one per dimension (default x, y). */
function checkAxes(axes: string[] | undefined, dims: 1 | 2): string[] {
  if (axes === undefined) return dims === 2 ? ['x', 'y'] : ['x'];
  const names = axes.map((a) => a.trim());
  if (names.length !== dims || names.some((a) => a === '')) {
    throw new GameError('INVALID_BODY', `axes must name each of the level's ${dims} input(s)`, { reason: 'AXES', params: { dims } });
  }
  return names;
}

export class Administration {
  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly presence: Presence,
    private readonly analyser: LevelAnalyser,
    private readonly reference: ReferenceRunner,
    private readonly events: EventBus,
    private readonly queue: KeyedQueue,
  ) {}

  // ----- games -----

  async listGames(): Promise<AdminGame[]> {
    return (await this.store.listGames()).map((g) => adminGame(g, { levels: g.levels, teams: g.teams }));
  }

  async game(id: number): Promise<AdminGame> {
    const [g, levels, teams] = await Promise.all([this.store.getGame(id), this.store.levelsOf(id), this.store.teamsOf(id)]);
    if (!g) throw new GameError('NOT_FOUND', 'No such game');
    return adminGame(g, { levels: levels.length, teams: teams.length });
  }

  /** A game with its levels and teams, for the admin panel. */
  async gameDetail(id: number): Promise<{ game: AdminGame; levels: AdminLevel[]; teams: AdminTeam[] }> {
    const [g, levels, teams] = await Promise.all([this.store.getGame(id), this.store.levelsOf(id), this.store.teamsOf(id)]);
    if (!g) throw new GameError('NOT_FOUND', 'No such game');
    return { game: adminGame(g, { levels: levels.length, teams: teams.length }), levels: levels.map(adminLevel), teams: teams.map(adminTeam) };
  }

  /** The active game and its levels (the banner, the login form). */
  async activeGame(): Promise<{ game: GameRecord; levels: LevelRecord[] } | null> {
    const game = await this.store.activeGame();
    return game ? { game, levels: await this.store.levelsOf(game.id) } : null;
  }

  /** Whether a game exists at all (the demo seed runs on an empty database). */
  async isEmpty(): Promise<boolean> {
    return (await this.store.countGames()) === 0;
  }

  /** A new game; the first one becomes active. */
  async createGame(settings: Partial<GameSettings> & { title: string }): Promise<GameRecord> {
    const created = await this.store.createGame(settings);
    const activated = (await this.store.activeGame()) === null;
    if (activated) await this.store.activateGame(created.id);
    this.events.emit({ type: 'game', gameId: created.id, activated });
    return (await this.store.getGame(created.id))!;
  }

  async updateGame(id: number, patch: Partial<GameSettings & Pick<GameRecord, 'boardLevelId'>>): Promise<GameRecord> {
    await this.requireGame(id);
    const game = await this.store.updateGame(id, patch);
    this.events.emit({ type: 'game', gameId: id });
    return game;
  }

  async activateGame(id: number): Promise<void> {
    await this.requireGame(id);
    await this.store.activateGame(id);
    this.events.emit({ type: 'game', gameId: id, activated: true });
  }

  async deleteGame(id: number): Promise<void> {
    await this.requireGame(id);
    const levels = await this.store.levelsOf(id);
    await this.store.deleteGame(id);
    for (const level of levels) this.events.emit({ type: 'level-deleted', levelId: level.id, gameId: id });
    this.events.emit({ type: 'game', gameId: id });
  }

  /**
   * A copy of the game for the next class: settings, levels (as drafts, with new passwords: last class knows the old
   * ones) and teams (unclaimed, new PINs where the game uses them); no guesses.
   */
  async duplicateGame(id: number): Promise<GameRecord> {
    const game = await this.requireGame(id);
    const { id: _id, active: _active, boardLevelId: _board, createdAt: _created, ...settings } = game;
    const copy = await this.store.createGame({ ...settings, title: `${game.title} (copy)` });
    const taken = new Set<string>();
    for (const level of await this.store.levelsOf(id)) {
      let password = memorablePassword();
      while (taken.has(password)) password = memorablePassword();
      taken.add(password);
      await this.store.createLevel({ ...level, gameId: copy.id, password });
    }
    const teams = await this.store.teamsOf(id);
    if (teams.length) await this.store.createTeams(copy.id, teams.map((t) => ({ number: t.number, name: t.name, pin: t.pin === null ? null : newPin() })));
    this.events.emit({ type: 'game', gameId: copy.id });
    return copy;
  }

  private async requireGame(id: number): Promise<GameRecord> {
    const game = await this.store.getGame(id);
    if (!game) throw new GameError('NOT_FOUND', 'No such game');
    return game;
  }

  // ----- levels -----

  async level(id: number): Promise<LevelRecord> {
    const level = await this.store.getLevel(id);
    if (!level) throw new GameError('NOT_FOUND', 'No such level');
    return level;
  }

  /** The function over a domain as the editor previews it (nothing is stored). */
  async preview(input: { expression: string; domain: unknown }): Promise<{ dims: number; samples: CurveSamples; fStar: number; argmin: number | number[]; median: number }> {
    const p = await this.analyser.analyse(input);
    // A definition analysed ahead of time (the demo's) comes without samples: its function is cheap to sample here.
    const samples = p.samples ?? sampleCurve(compileLevelFunction(p.expression, p.dims), p.domain, undefined, [p.argmin]);
    return { dims: p.dims, samples, fStar: p.fStar, argmin: point(p.argmin, p.dims), median: p.median };
  }

  async createLevel(gameId: number, body: LevelBody): Promise<LevelRecord> {
    const game = await this.requireGame(gameId);
    const definition = await this.analyser.analyse(body);
    const axes = checkAxes(body.axes, definition.dims);
    const existing = await this.store.levelsOf(gameId);
    const password = uniquePassword(existing, body.password);
    const level = await this.store.createLevel({
      gameId,
      index: existing.length === 0 ? 0 : Math.max(...existing.map((l) => l.index)) + 1,
      title: body.title,
      expression: definition.expression,
      dims: definition.dims,
      domain: definition.domain,
      start: definition.start,
      fStar: definition.fStar,
      argmin: definition.argmin,
      median: definition.median,
      samples: definition.samples,
      delayMs: body.delayMs ?? game.defaultDelayMs,
      budget: body.budget === undefined ? game.defaultBudget : body.budget,
      timeLimitMs: body.timeLimitMs ?? null,
      password,
      axes,
      data: body.data ?? null,
      showPassword: game.showPassword,
    });
    this.events.emit({ type: 'game', gameId });
    return level;
  }

  /**
   * Edits a level. Its function (expression, domain, start, data) and time limit only while a draft; its title,
   * delay, budget, order and password at any time — a new delay or budget applies to the guesses after it.
   */
  async updateLevel(id: number, patch: LevelPatch): Promise<LevelRecord> {
    return this.queue.run(`level:${id}`, async () => {
      const level = await this.level(id);
      const definition = ['expression', 'domain', 'start', 'timeLimitMs', 'axes', 'data'] as const;
      if (definition.some((k) => patch[k] !== undefined) && level.status !== 'draft') {
        throw new GameError('INVALID_TRANSITION', 'Only a draft level can change its function, domain, start, axes, data or time limit; reset it first (use extend for the time)', {
          reason: 'LEVEL_RUNNING',
        });
      }
      let changes: LevelChanges = {};
      if (patch.expression !== undefined || patch.domain !== undefined || patch.start !== undefined) {
        changes = await this.analyser.analyse({
          expression: patch.expression ?? level.expression,
          domain: patch.domain ?? level.domain,
          // A new domain gets a new default start unless one is given.
          start: patch.start ?? (patch.domain !== undefined ? undefined : level.start),
        });
      }
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.delayMs !== undefined) changes.delayMs = patch.delayMs;
      if (patch.budget !== undefined) changes.budget = patch.budget;
      if (patch.timeLimitMs !== undefined) changes.timeLimitMs = patch.timeLimitMs;
      if (patch.showPassword !== undefined) {
        changes.showPassword = patch.showPassword;
        // The instructor's choice is kept for the game's next levels.
        await this.store.updateGame(level.gameId, { showPassword: patch.showPassword });
      }
      if (patch.axes !== undefined || changes.dims !== undefined) changes.axes = checkAxes(patch.axes ?? (changes.dims === undefined || changes.dims === level.dims ? level.axes : undefined), changes.dims ?? level.dims);
      if (patch.data !== undefined) changes.data = patch.data;
      if (patch.password !== undefined) changes.password = uniquePassword(await this.store.levelsOf(level.gameId), patch.password, id);
      if (patch.index !== undefined) await this.reorder(level, patch.index);
      const updated = Object.keys(changes).length ? await this.store.updateLevel(id, changes) : await this.level(id);
      this.events.emit({ type: 'level', level: updated });
      return updated;
    });
  }

  /** Moves a level to position `index` among its game's levels, renumbering the others. */
  private async reorder(level: LevelRecord, index: number): Promise<void> {
    const levels = (await this.store.levelsOf(level.gameId)).filter((l) => l.id !== level.id);
    levels.splice(Math.min(index, levels.length), 0, level);
    for (const [i, l] of levels.entries()) if (l.index !== i) await this.store.updateLevel(l.id, { index: i });
    this.events.emit({ type: 'game', gameId: level.gameId });
  }

  async deleteLevel(id: number): Promise<void> {
    await this.queue.run(`level:${id}`, async () => {
      const level = await this.level(id);
      await this.store.deleteLevel(id);
      this.events.emit({ type: 'level-deleted', levelId: id, gameId: level.gameId });
    });
  }

  // ----- teams -----

  async createTeams(gameId: number, body: TeamsBody): Promise<TeamRecord[]> {
    const game = await this.requireGame(gameId);
    const existing = await this.store.teamsOf(gameId);
    const used = new Set(existing.map((t) => t.number));
    let teams: { number: number; name: string; pin: string | null }[];
    if ('count' in body) {
      let next = existing.length ? Math.max(...existing.map((t) => t.number)) + 1 : 1;
      // An empty name is shown as "Team <number>" in each page's own language.
      teams = Array.from({ length: body.count }, () => ({ number: next++, name: '', pin: body.pins || game.requirePin ? newPin() : null }));
    } else {
      const numbers = body.teams.map((t) => t.number);
      if (new Set(numbers).size !== numbers.length || numbers.some((n) => used.has(n))) throw new GameError('DUPLICATE', 'Team numbers must be unique in a game');
      teams = body.teams.map((t) => ({ number: t.number, name: t.name?.trim() ?? '', pin: t.pin ?? (game.requirePin ? newPin() : null) }));
    }
    const created = await this.store.createTeams(gameId, teams);
    this.events.emit({ type: 'game', gameId });
    return created;
  }

  async updateTeam(id: number, patch: TeamPatch): Promise<TeamRecord> {
    const team = await this.requireTeam(id);
    if (patch.number !== undefined && patch.number !== team.number && (await this.store.findTeam(team.gameId, patch.number))) {
      throw new GameError('DUPLICATE', 'Another team of this game has that number');
    }
    const updated = await this.store.updateTeam(id, patch);
    this.events.emit({ type: 'game', gameId: team.gameId });
    return updated;
  }

  async deleteTeam(id: number): Promise<void> {
    const team = await this.requireTeam(id);
    await this.store.deleteTeam(id);
    this.events.emit({ type: 'sessions-ended', teamId: id });
    this.events.emit({ type: 'game', gameId: team.gameId });
  }

  /** Frees a team to be claimed again by its next first device; its devices' sessions end. */
  async resetTeamCode(id: number): Promise<TeamRecord> {
    const team = await this.requireTeam(id);
    const updated = await this.store.resetTeamCode(id);
    this.events.emit({ type: 'sessions-ended', teamId: id });
    this.events.emit({ type: 'game', gameId: team.gameId });
    return updated;
  }

  private async requireTeam(id: number): Promise<TeamRecord> {
    const team = await this.store.getTeam(id);
    if (!team) throw new GameError('NOT_FOUND', 'No such team');
    return team;
  }

  // ----- the monitor -----

  /** Every guess of a level, with its values from the moment it is stored (the admin may see them early). */
  async levelGuesses(levelId: number): Promise<AdminGuess[]> {
    const room = await this.rooms.get(levelId);
    return room.guesses.map((g) => adminGuess(g, room.level.dims));
  }

  async monitor(levelId: number): Promise<{ level: AdminLevel; leaderboard: LeaderboardEntry[]; devices: Record<string, number> }> {
    const room = await this.rooms.get(levelId);
    const devices: Record<string, number> = {};
    const connected = this.presence.snapshot();
    for (const t of room.teams) devices[String(t.id)] = connected[String(t.id)] ?? 0;
    return { level: adminLevel(room.level), leaderboard: leaderboardView(this.rooms.standings(room), room.level, 'admin'), devices };
  }

  // ----- reference runs -----

  async referenceRuns(levelId: number): Promise<ReferencePath[]> {
    const level = await this.level(levelId);
    return (await this.store.referenceRuns(levelId)).map((r) => referencePath(r, level.dims));
  }

  /** The settings a level's lesson is shown with (its template's, or suggested from its curvature). */
  async referenceDefaults(levelId: number): Promise<unknown> {
    return this.reference.settings(await this.level(levelId));
  }

  /**
   * Runs the instructor's reference runs (with `teams`, also from each team's first guess with as many evaluations
   * as the team used guesses), stores them in place of the earlier ones, and announces them.
   */
  async runReference(levelId: number, body: ReferenceBody): Promise<ReferencePath[]> {
    const room = await this.rooms.get(levelId);
    const { level } = room;
    const requests: ReferenceRunRequest[] = body.runs.map((run) => {
      const start = run.start === undefined ? undefined : typeof run.start === 'number' ? [run.start] : run.start;
      if (start && (start.length !== level.dims || start.some((v) => !Number.isFinite(v)))) throw new GameError('INVALID_BODY', `start must have ${level.dims} coordinate(s)`);
      return { optimizer: run.optimizer, lr: run.lr, beta: run.beta, steps: run.steps, start };
    });
    const teams: TeamStart[] = body.teams ? firstGuesses(room) : [];
    const records = await this.reference.run(level, requests, teams);
    await this.queue.run(`level:${levelId}`, () => this.store.replaceReferenceRuns(levelId, records));
    this.events.emit({ type: 'reference', levelId, gameId: level.gameId });
    return records.map((r) => referencePath(r, level.dims));
  }

  /** The slides' regression trained as a TensorFlow.js model (the admin panel's lesson page). */
  regression(): Promise<unknown> {
    return this.reference.regression();
  }

  /** Which TensorFlow.js backend the reference runs use. */
  referenceBackend(): string {
    return this.reference.backend();
  }

  /** Whether the database takes writes (health, the banner). */
  writable(): boolean {
    return this.store.writable();
  }

  /** What keeps the database from taking writes, if anything: health says it. */
  storageTrouble(): ReturnType<Store['trouble']> {
    return this.store.trouble();
  }
}

/** A level password no other level of the game has (normalised), the one wanted or a generated one. */
function uniquePassword(levels: readonly LevelRecord[], wanted: string | undefined, exceptLevelId?: number): string {
  const taken = new Set(levels.filter((l) => l.id !== exceptLevelId).map((l) => normalisePassword(l.password)));
  if (wanted !== undefined) {
    const password = wanted.trim();
    if (!password) throw new GameError('INVALID_BODY', 'The password cannot be blank');
    if (taken.has(normalisePassword(password))) throw new GameError('DUPLICATE', 'Another level of this game has that password');
    return password;
  }
  let password = memorablePassword();
  while (taken.has(password)) password = memorablePassword();
  return password;
}
