import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { applyMigrations } from '../../server/store/migrate.ts';
import { tempDatabase } from '../helpers/server.ts';

const db = tempDatabase();
afterAll(() => db.remove());

describe('migrations applied at start-up', () => {
  it('creates a fresh file in WAL mode that the Prisma client reads and writes, and applies each migration once', async () => {
    const { db: prisma, applied, location: file, close } = await openDatabase(db.url);
    expect(applied).toEqual(['20261128000000_init', '20261129000000_claims_levels_cluster', '20261129010000_default_team_names']);
    const game = await prisma.game.create({ data: { title: 'fresh' } });
    const level = await prisma.level.create({
      data: { gameId: game.id, index: 0, title: 'L', expression: 'x^2', dims: 1, domain: '[[-1,1]]', password: 'p', start: '[0.5]', fStar: 0, argmin: '[0]', fMedian: 0.33 },
    });
    const team = await prisma.team.create({ data: { gameId: game.id, number: 1, name: 'T' } });
    const now = new Date();
    await prisma.guess.create({ data: { teamId: team.id, levelId: level.id, x: '[0.1]', fx: 0.01, grad: '[0.2]', submittedAt: now, readyAt: new Date(now.getTime() + 10_000), source: 'ws' } });
    await prisma.teamSession.create({ data: { tokenHash: 'h', teamId: team.id, levelId: level.id } });
    await prisma.adminSession.create({ data: { tokenHash: 'a', expiresAt: now } });
    await prisma.setting.create({ data: { key: 'k', value: 'v' } });
    await prisma.referenceRun.create({ data: { levelId: level.id, optimizer: 'gd', lr: 0.1, steps: 2, diverged: false, path: '[]' } });
    const back = await prisma.guess.findFirstOrThrow({ include: { team: true, level: true } });
    expect(back).toMatchObject({ fx: 0.01, source: 'ws', team: { number: 1 }, level: { title: 'L', budget: 20, delayMs: 10000, status: 'draft' } });
    expect(back.readyAt.getTime()).toBe(now.getTime() + 10_000);
    // Deleting a game removes everything that belongs to it.
    await prisma.game.delete({ where: { id: game.id } });
    expect(await prisma.guess.count()).toBe(0);
    await close();

    expect(applyMigrations(file)).toEqual([]);
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT migration_name, finished_at IS NOT NULL AS done FROM _prisma_migrations').all()).toEqual([
      { migration_name: '20261128000000_init', done: 1 },
      { migration_name: '20261129000000_claims_levels_cluster', done: 1 },
      { migration_name: '20261129010000_default_team_names', done: 1 },
    ]);
    raw.close();
  });
});
