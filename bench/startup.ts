/**
 * Start-up: how long from `node` being started to the first 200 from /api/health, phase by phase, for the built
 * server warm (an existing database), on a first start (a new database: migrations and the demo seed) and for a
 * bare Fastify server built and started the same way, all in one run; then the ratios. Issue 18's targets: warm
 * under 2 s, first start under 3 s on the project's 2-core machine.
 *
 * Phases (epoch times from the server's own performance marks, server/main.ts, read by bench/startup-probe.mjs):
 * process start (node's time origin) → modules loaded (the entry's imports evaluated) → app ready (plugins, the
 * database opened and migrated) → seeded → listening → first 200 (seen by this bench, polling every 5 ms).
 *
 * Run: npx tsx bench/startup.ts [--runs 5] [--source]   (npm run bench:startup; --source adds the server run from
 * TypeScript through tsx, as `npm run dev` does). The figures count only on a quiet machine: the CPU other
 * processes used meanwhile is printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { buildServer } from '../scripts/build-server.mjs';
import { staleParts } from '../scripts/ensure-build.mjs';
import { BUILT_ENTRY, freePort, readProc, ROOT } from './load-process.ts';
import { cpuTicks, fmt, othersCpuPercent, ownProcessTree } from './load-stats.ts';
import { flag, option } from './args.ts';

const RUNS = Math.max(1, Number(option('runs', '5')));
const PHASES = ['process-start', 'modules-loaded', 'app-ready', 'seeded', 'listening', 'first-200'] as const;
type Phase = (typeof PHASES)[number];
const PROBE = resolve(ROOT, 'bench/startup-probe.mjs');

interface Start {
  /** ms after spawn at which each phase was reached. */
  phases: Partial<Record<Phase, number>>;
  /** CPU seconds the process had used at its first 200. */
  cpuS: number;
  rssMb: number;
}

function health(port: number): Promise<number> {
  return new Promise((resolveStatus) => {
    const req = get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('error', () => resolveStatus(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** Starts `args` with node, polls /api/health until 200, reads the phases, stops it. */
async function startOnce(args: string[], env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const marks: Partial<Record<Phase, number>> = {};
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
    for (const m of String(d).matchAll(/^GD_PHASE (.+)$/gm)) {
      const { name, at } = JSON.parse(m[1]) as { name: Phase; at: number };
      marks[name] = at - spawnedAt;
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 60_000;
  while ((await health(port)) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no 200 from /api/health: ${stderr}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  marks['first-200'] = performance.timeOrigin + performance.now() - spawnedAt;
  const proc = readProc(child.pid!);
  child.kill('SIGTERM');
  await exited;
  return { phases: marks, cpuS: proc?.cpuS ?? NaN, rssMb: (proc?.rssKb ?? NaN) / 1024 };
}

const median = (values: number[]) => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
};

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`GD Arena start-up bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} runs each, medians`);
  if (!existsSync(BUILT_ENTRY) || staleParts().server) await buildServer();
  const tmp = mkdtempSync(join(os.tmpdir(), 'gd-startup-'));
  try {
    await buildServer({ entry: 'bench/bare-server.ts', outdir: join(tmp, 'bare'), logLevel: 'error' });
    const bare = join(tmp, 'bare/main.js');
    const common = { ADMIN_PASSWORD: 'startup-bench-admin' };
    const warmDb = `file:${join(tmp, 'warm.db')}`;
    // The warm database: created, migrated and seeded once, before the measured starts.
    await startOnce([BUILT_ENTRY], { ...common, DATABASE_URL: warmDb, SEED_DEMO: '1' });

    const targets: { name: string; run: (i: number) => Promise<Start> }[] = [
      { name: 'bare Fastify (bundle, node)', run: () => startOnce([bare], {}) },
      { name: 'GD Arena warm (bundle, node)', run: () => startOnce([BUILT_ENTRY], { ...common, DATABASE_URL: warmDb, SEED_DEMO: '1' }) },
      { name: 'GD Arena first start (new database, demo seed)', run: (i) => startOnce([BUILT_ENTRY], { ...common, DATABASE_URL: `file:${join(tmp, `first-${i}.db`)}`, SEED_DEMO: '1' }) },
    ];
    if (flag('source')) {
      targets.push({ name: 'GD Arena warm (source, tsx)', run: () => startOnce(['--import', 'tsx', resolve(ROOT, 'server/main.ts')], { ...common, DATABASE_URL: warmDb, SEED_DEMO: '1' }) });
    }

    const results = new Map<string, Start[]>(targets.map((t) => [t.name, []]));
    const ticks0 = cpuTicks();
    const started = Date.now();
    // Interleaved, so a neighbour's burst of work lands on every target alike.
    for (let i = 0; i < RUNS; i++) for (const t of targets) results.get(t.name)!.push(await t.run(i));
    const otherCpu = othersCpuPercent(ticks0, cpuTicks(), ownProcessTree(), Date.now() - started);

    const header = ['target', ...PHASES.map((p) => `${p} (ms)`), 'CPU to first 200 (ms)', 'RSS (MB)', '× bare'];
    log(`\n| ${header.join(' | ')} |\n|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`);
    const bareFirst = median(results.get(targets[0].name)!.map((s) => s.phases['first-200'] ?? NaN));
    const firsts = new Map<string, number>();
    for (const t of targets) {
      const runs = results.get(t.name)!;
      const first = median(runs.map((s) => s.phases['first-200'] ?? NaN));
      firsts.set(t.name, first);
      const cells = PHASES.map((p) => fmt(median(runs.map((s) => s.phases[p] ?? NaN))));
      log(`| ${t.name} | ${cells.join(' | ')} | ${fmt(median(runs.map((s) => s.cpuS * 1000)))} | ${fmt(median(runs.map((s) => s.rssMb)))} | ${fmt(first / bareFirst, 1)} |`);
    }
    const warm = firsts.get(targets[1].name)!;
    const first = firsts.get(targets[2].name)!;
    log(`\nwarm start to the first 200: ${fmt(warm)} ms (target < 2000: ${warm < 2000 ? 'met' : 'NOT met'}); first start: ${fmt(first)} ms (target < 3000: ${first < 3000 ? 'met' : 'NOT met'})`);
    log(`other processes used ${fmt(otherCpu)}% of one core meanwhile${otherCpu >= 20 ? ' — too busy for these figures to count: run again on a quiet machine' : ''}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`start-up bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
