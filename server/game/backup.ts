/**
 * The JSON backup of a game: export, and restore as a new game (all or nothing; results not yet due are announced at
 * their readyAt). The spreadsheet exports are in exports.ts.
 */
import { GameError } from '../../shared/errors.ts';
import type { GameBackup } from '../../shared/backup.ts';
import type { Store } from '../store/repo.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { LevelMaster } from './level-master.ts';
import type { LevelAnalyser } from './ports.ts';
import type { LevelStatus } from './types.ts';

const STATUSES = new Set<string>(['draft', 'open', 'paused', 'closed', 'revealed']);

export class Backup {
  constructor(
    private readonly store: Store,
    private readonly analyser: LevelAnalyser,
    private readonly levels: LevelMaster,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  private async contents(gameId: number) {
    const game = await this.store.getGame(gameId);
    if (!game) throw new GameError('NOT_FOUND', 'No such game');
    const [levels, teams, guesses] = await Promise.all([this.store.levelsOf(gameId), this.store.teamsOf(gameId), this.store.guessesOfGame(gameId)]);
    return { game, levels, teams, guesses };
  }

  /** The whole game as JSON: settings, levels, teams, guesses. */
  async json(gameId: number): Promise<GameBackup> {
    const { game: g, levels, teams, guesses } = await this.contents(gameId);
    return {
      format: 'gd-arena-game',
      version: 1,
      game: { title: g.title, loginDelayMs: g.loginDelayMs, requirePin: g.requirePin, showLeaderboard: g.showLeaderboard, showFeedValues: g.showFeedValues },
      levels: levels.map((l) => ({
        key: l.id,
        index: l.index,
        title: l.title,
        expression: l.expression,
        domain: l.domain,
        delayMs: l.delayMs,
        budget: l.budget,
        timeLimitMs: l.timeLimitMs,
        password: l.password,
        start: l.start,
        axes: l.axes,
        ...(l.data ? { data: l.data } : {}),
        status: l.status,
        showPassword: l.showPassword,
        openedAt: l.openedAt,
        closesAt: l.closesAt,
        remainingMs: l.remainingMs,
        closedAt: l.closedAt,
        revealedAt: l.revealedAt,
      })),
      teams: teams.map((t) => ({ key: t.id, number: t.number, name: t.name, pin: t.pin })),
      guesses: guesses.map((x) => ({ level: x.levelId, team: x.teamId, x: x.x, fx: x.fx, grad: x.grad, submittedAt: x.submittedAt, readyAt: x.readyAt, source: x.source })),
    };
  }

  /** Restores a backup as a new, inactive game; an open level comes back paused so nothing runs by surprise. */
  async restore(backup: GameBackup): Promise<number> {
    const store = this.store;
    const created = await store.createGame({ ...backup.game });
    try {
      const levelIds = new Map<number, number>();
      for (const l of [...backup.levels].sort((a, b) => a.index - b.index)) {
        const definition = await this.analyser.analyse({ expression: l.expression, domain: l.domain, start: l.start });
        const level = await store.createLevel({
          ...definition,
          gameId: created.id,
          index: l.index,
          title: l.title,
          delayMs: l.delayMs,
          budget: l.budget,
          timeLimitMs: l.timeLimitMs,
          password: l.password,
          axes: l.axes ?? (definition.dims === 2 ? ['x', 'y'] : ['x']),
          data: l.data ?? null,
          showPassword: l.showPassword,
        });
        const status: LevelStatus = !STATUSES.has(l.status) ? 'draft' : l.status === 'open' ? 'paused' : (l.status as LevelStatus);
        await store.saveLevelState({
          ...level,
          status,
          openedAt: l.openedAt,
          closesAt: null,
          remainingMs: l.status === 'open' && l.closesAt !== null ? Math.max(0, l.closesAt - this.clock.now()) : l.remainingMs,
          closedAt: l.closedAt,
          revealedAt: l.revealedAt,
        });
        levelIds.set(l.key, level.id);
      }
      const teams = await store.createTeams(created.id, backup.teams.map((t) => ({ number: t.number, name: t.name, pin: t.pin })));
      const teamIds = new Map(backup.teams.map((t, i) => [t.key, teams[i].id]));
      const stored = [];
      for (const x of backup.guesses) {
        const levelId = levelIds.get(x.level);
        const teamId = teamIds.get(x.team);
        if (levelId === undefined || teamId === undefined) throw new GameError('INVALID_BODY', 'A guess refers to a level or team not in the backup');
        const source = x.source === 'page' || x.source === 'ws' ? x.source : 'http';
        stored.push(await store.createGuess({ levelId, teamId, x: x.x, fx: x.fx, grad: x.grad, submittedAt: x.submittedAt, readyAt: x.readyAt, source }));
      }
      // A backup taken mid-level may hold results not yet due: they are announced at their readyAt.
      this.levels.watch(stored);
      this.events.emit({ type: 'game', gameId: created.id });
      return created.id;
    } catch (err) {
      // All or nothing: a half-restored game would be worse than none.
      await store.deleteGame(created.id);
      throw err;
    }
  }
}
