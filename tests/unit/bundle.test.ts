import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { compile } from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_LEVELS, SLIDE_LEVELS, type LevelTemplate } from '../../server/game/templates.ts';
import { buildServer, workerEntries } from '../../scripts/build-server.mjs';

const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, 'dist/client');

/** The levels the play page's browser test creates, read from that file (importing it would run its tests here). */
function e2eExpressions(): string[] {
  const source = readFileSync(resolve(root, 'tests/e2e/play.e2e.test.ts'), 'utf8');
  return [...source.matchAll(/expression: '([^']+)'/g)].map((m) => m[1]);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * What of a function a bundle must not hold: its expression (as written, or with the spaces a minifier removes) and
 * values of f at points over its domain, written as JavaScript writes a number (how a sample table would appear).
 */
function secretsOf(expression: string, domain: [number, number][]): { expressions: string[]; samples: string[] } {
  const f = compile(expression);
  const axis = (lo: number, hi: number) => Array.from({ length: 9 }, (_, i) => lo + ((hi - lo) * i) / 8);
  const points: Record<string, number>[] =
    domain.length === 1
      ? axis(...domain[0]).map((x) => ({ x }))
      : axis(...domain[0]).flatMap((x) => axis(...domain[1]).map((y) => ({ x, y })));
  const samples = points
    .map((scope) => f.evaluate({ ...scope }) as number)
    .filter((v) => Number.isFinite(v))
    .map((v) => String(v))
    // short values ("2", "0.5") occur in any code; a sample table would be full of long ones
    .filter((s) => s.replace(/[-.]/g, '').length >= 8);
  return { expressions: [expression, squash(expression)].filter((e) => e.length >= 8), samples };
}

/** Every secret found in a text, labelled. */
function leaks(text: string, secrets: ReturnType<typeof secretsOf>[]): string[] {
  const flat = squash(text);
  const found: string[] = [];
  for (const secret of secrets) {
    for (const e of secret.expressions) if (text.includes(e) || flat.includes(squash(e))) found.push(`expression ${e}`);
    for (const s of secret.samples) if (text.includes(s)) found.push(`sample ${s}`);
  }
  return found;
}

describe('the built client holds no level expression and no sample of a function', () => {
  const templates: LevelTemplate[] = [...SLIDE_LEVELS, ...CLASSIC_LEVELS];
  const secrets = [
    ...templates.map((t) => secretsOf(t.expression, t.domain)),
    ...e2eExpressions().map((e) => secretsOf(e, e.includes('y') ? [[-4, 4], [-4, 4]] : [[-5, 5]])),
  ];

  beforeAll(() => {
    // tests/global-setup.ts builds the pages once per run; build here only when run without it.
    if (!existsSync(resolve(dist, 'index.html'))) {
      execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    }
  }, 120_000);

  it('knows what to look for, and would see it', () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
    expect(e2eExpressions()).toHaveLength(2);
    for (const secret of secrets) expect(secret.expressions.length).toBeGreaterThan(0);
    // the check itself can fail: a bundle that inlined a template, or a table of its values, is caught
    const bowl = secretsOf(SLIDE_LEVELS[0].expression, SLIDE_LEVELS[0].domain);
    expect(leaks(`const f="${squash(SLIDE_LEVELS[0].expression)}"`, [bowl])).not.toEqual([]);
    expect(leaks(`const fx=[${bowl.samples.join(',')}]`, [bowl])).not.toEqual([]);
  });

  it('scans every file of dist/client (the three pages and their assets) and finds none', () => {
    const all = files(dist);
    const names = all.map((f) => relative(dist, f));
    expect(names).toEqual(expect.arrayContaining(['index.html', 'admin.html', 'board.html']));
    expect(names.some((n) => n.endsWith('.js'))).toBe(true);
    // the scan reads the real bundle: the play page's elements are in it
    const text = all.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).toContain('gd-guess-plot');
    const found = all.flatMap((file) => leaks(readFileSync(file, 'utf8'), secrets).map((leak) => `${relative(dist, file)}: ${leak}`));
    expect(found).toEqual([]);
  });
});

describe('the built server (scripts/build-server.mjs)', () => {
  const fixture = resolve(root, 'tests/.tmp', `bundle-${process.pid}`);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(resolve(fixture, path)), { recursive: true });
    writeFileSync(resolve(fixture, path), text);
  };

  it('holds main.js and every server/**/*.worker.ts of this project flat beside it, and no TypeScript loader', () => {
    const built = resolve(root, 'dist/server');
    expect(existsSync(resolve(built, 'main.js'))).toBe(true);
    for (const name of Object.keys(workerEntries(resolve(root, 'server')))) expect(existsSync(resolve(built, `${name}.js`)), name).toBe(true);
    const main = readFileSync(resolve(built, 'main.js'), 'utf8');
    expect(main).not.toMatch(/from\s*["']tsx/);
    expect(main).toContain('GD Arena is running');
  });

  it('runs with node: import.meta.dirname is each module’s source folder, and a worker started by URL runs beside the bundle', async () => {
    rmSync(fixture, { recursive: true, force: true });
    const workers = relative(resolve(fixture, 'server/sub'), resolve(root, 'server/workers.ts')).split('\\').join('/');
    write('package.json', JSON.stringify({ name: 'bundle-fixture', type: 'module' }));
    write(
      'server/main.ts',
      `import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ask } from './sub/starter.ts';
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));
console.log(JSON.stringify({ pkg: pkg.name, dir: import.meta.dirname, worker: await ask() }));
`,
    );
    write(
      'server/sub/starter.ts',
      `import { startWorker } from '${workers}';
export const ask = () => new Promise((resolve) => {
  const worker = startWorker(new URL('./echo.worker.ts', import.meta.url));
  worker.once('message', (m) => { resolve(m); void worker.terminate(); });
});
`,
    );
    write('server/sub/echo.worker.ts', `import { parentPort } from 'node:worker_threads';\nparentPort!.postMessage({ dir: import.meta.dirname, file: import.meta.filename });\n`);
    const outputs = await buildServer({ root: fixture, logLevel: 'error' });
    expect(outputs.map((f: string) => relative(fixture, f)).sort()).toEqual(['dist/server/echo.worker.js', 'dist/server/main.js']);
    const printed = JSON.parse(execFileSync(process.execPath, [resolve(fixture, 'dist/server/main.js')], { encoding: 'utf8', cwd: tmpdir() }));
    expect(printed).toEqual({
      pkg: 'bundle-fixture',
      dir: resolve(fixture, 'server'),
      worker: { dir: resolve(fixture, 'server/sub'), file: resolve(fixture, 'server/sub/echo.worker.ts') },
    });
    rmSync(fixture, { recursive: true, force: true });
  }, 60_000);

  it('refuses two workers of one name (they would overwrite each other in the flat folder)', () => {
    rmSync(fixture, { recursive: true, force: true });
    write('server/a/x.worker.ts', '');
    write('server/b/x.worker.ts', '');
    expect(() => workerEntries(resolve(fixture, 'server'))).toThrow(/two workers named x\.worker/);
    rmSync(fixture, { recursive: true, force: true });
  });
});
