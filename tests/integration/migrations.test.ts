import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { applyMigrations } from '../../server/store/migrate.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { postgresSchema } from '../../scripts/prisma-schemas.mjs';
import { tempDatabase } from '../helpers/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCHEMA = resolve(ROOT, 'prisma/schema.prisma');

const db = tempDatabase();
afterAll(() => db.remove());

describe('migrations applied at start-up', () => {
  it('creates a fresh file in WAL mode that the Prisma client reads and writes, and applies each migration once', async () => {
    const { db: prisma, applied, location: file, close } = await openDatabase(db.url);
    expect(applied).toEqual(['20261128000000_init', '20261129000000_claims_levels_cluster', '20261129010000_default_team_names', '20261129030000_guess_level_index']);
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
      { migration_name: '20261129030000_guess_level_index', done: 1 },
    ]);
    // The migrations make the indexes the schema declares, no more and no fewer.
    const made = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_idx' ESCAPE '\\'").all() as { name: string }[]).map((r) => r.name);
    expect(made.sort()).toEqual(declaredIndexes(readFileSync(SCHEMA, 'utf8')));
    raw.close();
  });

  it('derives the PostgreSQL schema from the SQLite one: the committed copy is current, with its own indexes', () => {
    const sqlite = readFileSync(SCHEMA, 'utf8');
    const postgres = readFileSync(resolve(ROOT, 'prisma/postgresql/schema.prisma'), 'utf8');
    expect(postgres).toBe(postgresSchema(sqlite));
    expect(declaredIndexes(sqlite)).toContain('Guess_levelId_idx');
    expect(declaredIndexes(postgres)).toEqual(expect.arrayContaining(['Guess_levelId_teamId_idx', 'Guess_readyAt_idx', 'Guess_deliveredAt_readyAt_idx']));
    expect(declaredIndexes(postgres)).not.toContain('Guess_levelId_idx');
    // Every index PostgreSQL's migrations create is one its schema declares.
    const created = readdirSync(resolve(ROOT, 'prisma/postgresql/migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => [...readFileSync(resolve(ROOT, 'prisma/postgresql/migrations', d.name, 'migration.sql'), 'utf8').matchAll(/CREATE (?:UNIQUE )?INDEX "([^"]+_idx)"/g)].map((m) => m[1]));
    expect(created.sort()).toEqual(declaredIndexes(postgres));
  });
});

/** `Model_col1_col2_idx` for every `@@index([...])` line a Prisma schema keeps (comments are not declarations). */
function declaredIndexes(schema: string): string[] {
  const names: string[] = [];
  let model = '';
  for (const line of schema.split('\n')) {
    const start = /^model (\w+) \{/.exec(line);
    if (start) model = start[1];
    const index = /^\s*@@index\(\[([^\]]+)\]\)/.exec(line);
    if (index) names.push(`${model}_${index[1].split(',').map((c) => c.trim()).join('_')}_idx`);
  }
  return names.sort();
}
