/**
 * The exports an instructor opens in a spreadsheet: every guess, the standings, both in one table, or a zip of the
 * two. Times are written in the game's time zone (the server's when it has none), and teams that did not play a
 * level are marked, not ranked.
 */
import { strToU8, zipSync } from 'fflate';
import { GameError } from '../../shared/errors.ts';
import type { Store } from '../store/repo.ts';
import type { Clock } from './clock.ts';
import { isSettled } from './rules.ts';
import { rankLevel, rankOverall, type Standing } from './scoring.ts';
import type { GameRecord, LevelRecord, StoredGuess, TeamRecord } from './types.ts';

/**
 * A CSV cell, quoted when needed. A text a spreadsheet would run as a formula — one that starts, after any spaces,
 * with = + - @, a tab or a CR, or that has a separator (, ; tab) followed by one — is neutralised with a leading '.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^\s*[=+\-@\t\r]/.test(text) || /[,;\t]\s*[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: unknown[]) => cells.map(csvCell).join(',');
/** UTF-8 with a byte-order mark and CRLF lines: Excel opens it with the right characters. */
const csv = (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

/** A time as a spreadsheet reads it, in `timeZone`: 2026-11-29 14:05:03.120. */
export function localTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${String(ms % 1000).padStart(3, '0')}`;
}

/** The server's own time zone (an export without the game's). */
export const serverTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface Contents {
  game: GameRecord;
  levels: LevelRecord[];
  teams: TeamRecord[];
  guesses: StoredGuess[];
  timeZone: string;
}

export class Exports {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private async contents(gameId: number): Promise<Contents> {
    const game = await this.store.getGame(gameId);
    if (!game) throw new GameError('NOT_FOUND', 'No such game');
    const [levels, teams, guesses] = await Promise.all([this.store.levelsOf(gameId), this.store.teamsOf(gameId), this.store.guessesOfGame(gameId)]);
    return { game, levels, teams, guesses, timeZone: game.timeZone ?? serverTimeZone() };
  }

  /** Every guess: level, team, its number in the team's sequence, x, f, the gradient, the times, the door. */
  async guesses(gameId: number): Promise<string> {
    const c = await this.contents(gameId);
    return csv(this.guessLines(c));
  }

  /** Each level's standings (teams that did not play marked, not ranked), then the overall standings. */
  async standings(gameId: number): Promise<string> {
    return csv(this.standingLines(await this.contents(gameId)));
  }

  /** Both tables in a zip: guesses.csv and standings.csv. */
  async zip(gameId: number): Promise<Uint8Array> {
    const c = await this.contents(gameId);
    return zipSync({ 'guesses.csv': strToU8(csv(this.guessLines(c))), 'standings.csv': strToU8(csv(this.standingLines(c))) });
  }

  /**
   * Every guess and the standings in one table (one sheet): a row per guess with its team's standing in the level,
   * and a row for each team that did not play it.
   */
  async combined(gameId: number): Promise<string> {
    const c = await this.contents(gameId);
    const lines = [row(['level', 'level_title', 'team', 'team_name', 'played', 'rank', 'best_fx', 'points', 'regret', 'guess', 'x', 'y', 'fx', 'grad_x', 'grad_y', `submitted_at (${c.timeZone})`, `ready_at (${c.timeZone})`, 'source'])];
    for (const level of c.levels) {
      const guesses = c.guesses.filter((g) => g.levelId === level.id);
      const standings = new Map(this.rank(c, level, guesses).map((s) => [s.teamId, s]));
      for (const team of c.teams) {
        const s = standings.get(team.id)!;
        const mine = guesses.filter((g) => g.teamId === team.id);
        const standing = mine.length ? [s.rank, s.best, s.points, s.regret] : ['', '', '', ''];
        const head = [level.index + 1, level.title, team.number, team.name, mine.length ? 'yes' : 'no', ...standing];
        if (mine.length === 0) lines.push(row(head));
        for (const [i, g] of mine.entries()) lines.push(row([...head, i + 1, g.x[0], g.x[1], g.fx, g.grad[0], g.grad[1], localTime(g.submittedAt, c.timeZone), localTime(g.readyAt, c.timeZone), g.source]));
      }
    }
    return csv(lines);
  }

  private guessLines(c: Contents): string[] {
    const teamById = new Map(c.teams.map((t) => [t.id, t]));
    const levelById = new Map(c.levels.map((l) => [l.id, l]));
    const lines = [row(['level', 'level_title', 'team', 'team_name', 'guess', 'x', 'y', 'fx', 'grad_x', 'grad_y', `submitted_at (${c.timeZone})`, `ready_at (${c.timeZone})`, 'source'])];
    const counters = new Map<string, number>();
    for (const g of c.guesses) {
      const level = levelById.get(g.levelId);
      const team = teamById.get(g.teamId);
      if (!level || !team) continue;
      const key = `${level.id}:${team.id}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      lines.push(row([level.index + 1, level.title, team.number, team.name, n, g.x[0], g.x[1], g.fx, g.grad[0], g.grad[1], localTime(g.submittedAt, c.timeZone), localTime(g.readyAt, c.timeZone), g.source]));
    }
    return lines;
  }

  private standingLines(c: Contents): string[] {
    const lines = [row(['level', 'level_title', 'rank', 'team', 'team_name', 'played', 'best_fx', 'guesses', 'points', 'regret'])];
    const settled = [];
    for (const level of c.levels) {
      const standings = this.rank(c, level, c.guesses.filter((g) => g.levelId === level.id));
      if (isSettled(level)) settled.push({ levelId: level.id, standings });
      for (const s of standings) {
        const played = s.guesses > 0;
        lines.push(row([level.index + 1, level.title, played ? s.rank : '', s.number, s.name, played ? 'yes' : 'no', s.best, s.guesses, played ? s.points : '', s.regret]));
      }
    }
    for (const s of rankOverall(c.teams, settled)) lines.push(row(['overall', '', s.rank, s.number, s.name, '', '', '', s.points, '']));
    return lines;
  }

  private rank(c: Contents, level: LevelRecord, guesses: StoredGuess[]): Standing[] {
    return rankLevel(c.teams, guesses, { fStar: level.fStar, median: level.median }, this.clock.now());
  }
}
