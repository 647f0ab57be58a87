import { describe, expect, it } from 'vitest';
import { exportFileName, exportPath, EXPORT_KINDS } from '../../client/admin/export-files.ts';
import { monitorRows, teamName } from '../../client/admin/monitor-rows.ts';
import { isTimeZone, knownTimeZones, timeZoneChoices, zoneOffset } from '../../client/admin/time-zones.ts';
import type { AdminGuess, LeaderboardEntry } from '../../shared/protocol.ts';

describe('time zones of the exports', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Taipei')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(knownTimeZones()).toContain('Asia/Taipei');
  });

  it('offers the current choice and this computer\'s zone first, each once', () => {
    expect(timeZoneChoices('Europe/Berlin', 'Asia/Taipei', ['UTC', 'Asia/Taipei', 'Europe/Berlin', 'America/New_York'])).toEqual([
      'Europe/Berlin',
      'Asia/Taipei',
      'America/New_York',
      'UTC',
    ]);
    expect(timeZoneChoices(null, null, ['b', 'a'])).toEqual(['a', 'b']);
  });

  it('writes the offset from UTC', () => {
    expect(zoneOffset('Asia/Taipei', new Date('2025-01-15T00:00:00Z'))).toBe('GMT+8');
    expect(zoneOffset('Asia/Kolkata', new Date('2025-01-15T00:00:00Z'))).toBe('GMT+5:30');
  });
});

describe('export files', () => {
  it('has one path per table, the zip of both and the backup', () => {
    expect(EXPORT_KINDS.map((kind) => exportPath(7, kind))).toEqual(['/games/7/export/guesses.csv', '/games/7/export/standings.csv', '/games/7/export.zip', '/games/7/export.json']);
  });

  it('names the saved files by game, content and day', () => {
    const day = new Date(2025, 2, 4);
    expect(EXPORT_KINDS.map((kind) => exportFileName(7, kind, day))).toEqual([
      'gd-arena-game-7-guesses-2025-03-04.csv',
      'gd-arena-game-7-standings-2025-03-04.csv',
      'gd-arena-game-7-results-2025-03-04.zip',
      'gd-arena-game-7-backup-2025-03-04.json',
    ]);
  });
});

describe('the live monitor\'s rows', () => {
  const teams = [
    { id: 10, number: 1, name: '' },
    { id: 11, number: 2, name: 'Otters' },
    { id: 12, number: 3, name: '' },
  ];
  let nextId = 1;
  const guess = (teamId: number, fx: number, at: number, levelId = 5): AdminGuess => ({
    id: nextId++,
    teamId,
    levelId,
    x: 0,
    fx,
    grad: [0],
    submittedAt: new Date(at).toISOString(),
    readyAt: new Date(at + 10_000).toISOString(),
    source: 'page',
  });
  const entry = (teamId: number, number: number, rank: number, best: number | null, points: number): LeaderboardEntry => ({
    rank,
    teamId,
    number,
    name: '',
    best,
    bestAt: null,
    guesses: best === null ? 0 : 1,
    points,
    regret: null,
  });

  it('follows the server\'s standings; best f and regret include results still pending', () => {
    const guesses = [guess(10, 6, 1000), guess(11, 4.25, 2000), guess(10, 2.5, 3000), guess(12, 1, 4000, 99)];
    const rows = monitorRows(teams, guesses, { id: 5, fStar: 2 }, [entry(11, 2, 1, 4.25, 700), entry(10, 1, 2, 6, 500), entry(12, 3, 3, null, 0)]);
    expect(rows.map((r) => [r.team.number, r.rank, r.best?.fx ?? null, r.regret, r.points, r.guesses.length])).toEqual([
      [2, 1, 4.25, 2.25, 700, 1],
      // team 1's pending 2.5 is its best already; the server ranks it once disclosed
      [1, 2, 2.5, 0.5, 500, 2],
      // a guess in another level does not count; an unranked team follows by number
      [3, 0, null, null, null, 0],
    ]);
  });

  it('never shows a negative regret', () => {
    const rows = monitorRows(teams.slice(0, 1), [guess(10, 1.9999999, 0)], { id: 5, fStar: 2 }, []);
    expect(rows[0].regret).toBe(0);
  });

  it('names a team by its name, or the default name in the page\'s language', () => {
    const translate = (key: string, params: Record<string, number>) => `${key}:${params.number}`;
    expect(teamName({ number: 4, name: '' }, translate)).toBe('team.defaultName:4');
    expect(teamName({ number: 4, name: 'Otters' }, translate)).toBe('Otters');
  });
});

describe('reference runs as the panel names them', () => {
  it('gives the optimizer or variant, and its settings, in each language', async () => {
    const { runLabel, runSettings, settingText } = await import('../../client/admin/reference-labels.ts');
    const { common } = await import('../../shared/i18n/common.ts');
    const { format } = await import('../../shared/i18n/index.ts');
    const zh = (key: string, params?: Record<string, string | number>) => format(common['zh-TW'][key] ?? key, params);
    const en = (key: string, params?: Record<string, string | number>) => format(common.en[key] ?? key, params);
    expect(settingText(0.1 + 0.2)).toBe('0.3');
    expect(runLabel({ optimizer: 'momentum', lr: 0.002, beta: 0.97, steps: 150 }, en)).toBe('Momentum · lr 0.002, β 0.97, 150 steps');
    expect(runLabel({ optimizer: 'gd', variant: 'standardised', lr: 0.5, steps: 19 }, zh)).toBe('梯度下降（特徵標準化） · 學習率 0.5，19 步');
    expect(runSettings({ lr: 1, steps: 40 }, zh)).toBe('學習率 1，40 步');
  });
});
