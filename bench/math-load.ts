/**
 * How long loading mathjs takes: its ESM entry (1 262 files, what server/math used to import) against its
 * single-file build (what server/math/mathjs.ts imports), each in a fresh process, alternating, under plain
 * `node` and under tsx's loader (which sees every module a process loads). Both get the same configuration
 * (`predictable`), so the figures include making the instance the server uses.
 *
 *   npx tsx bench/math-load.ts [runs per case, default 7]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 7);

const LOADS = {
  'ESM entry (mathjs)': "const { create, all } = await import('mathjs'); create(all, { predictable: true });",
  'single-file build': "(await import('mathjs/lib/browser/math.js')).default.config({ predictable: true });",
} as const;

const RUNTIMES = {
  node: [] as string[],
  'node + tsx loader': ['--import', 'tsx'],
} as const;

/** Milliseconds the import took inside a fresh process. */
function timeLoad(flags: readonly string[], load: string): number {
  const script = `const t0 = performance.now(); ${load} console.log(performance.now() - t0);`;
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`load failed: ${run.stderr}`);
  return Number(run.stdout.trim().split('\n').pop());
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

console.log(`mathjs import time, median of ${RUNS} fresh processes per case (alternating):`);
for (const [runtime, flags] of Object.entries(RUNTIMES)) {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(LOADS).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [name, load] of Object.entries(LOADS)) times[name].push(timeLoad(flags, load));
  const [esm, bundle] = Object.values(times).map(median);
  for (const [name, xs] of Object.entries(times)) {
    console.log(`  ${runtime.padEnd(18)} ${name.padEnd(20)} ${median(xs).toFixed(0).padStart(6)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  }
  console.log(`  ${runtime.padEnd(18)} ${'ratio'.padEnd(20)} ${(esm / bundle).toFixed(1).padStart(6)} ×`);
}
