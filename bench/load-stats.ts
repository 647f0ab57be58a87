/** Percentiles and the machine's state, for the load bench. */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** p50, p99 (nearest rank), max and mean of a list of milliseconds. */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

/** The 1-minute load average. */
export const loadAverage = (): number => os.loadavg()[0];

/**
 * Waits (bounded) until the 1-minute load average is below `max`, checking every 10 s; returns the last reading
 * and whether it got there. Other engineers build and test on this machine: figures taken under load say so.
 */
export async function waitForQuietMachine(max: number, timeoutMs: number, log: (line: string) => void): Promise<{ load: number; quiet: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let load = loadAverage();
  while (load >= max && Date.now() < deadline) {
    log(`  load average ${load.toFixed(2)} ≥ ${max}: waiting (until ${new Date(deadline).toISOString().slice(11, 19)})`);
    await new Promise((r) => setTimeout(r, 10_000));
    load = loadAverage();
  }
  return { load, quiet: load < max };
}

/** CPU ticks (1/100 s) used so far by every process, by pid. */
export function cpuTicks(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

/** This process and every process started under it (the probe, the bare server), by pid: not "other" CPU. */
export function ownProcessTree(root = process.pid): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const own = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (own.has(pid) || !own.has(ppid)) continue;
      own.add(pid);
      grew = true;
    }
  }
  return [...own];
}

/** The CPU that processes other than `exclude` used between two cpuTicks() readings, in % of one core. */
export function othersCpuPercent(before: Map<number, number>, after: Map<number, number>, exclude: number[], wallMs: number): number {
  let ticks = 0;
  for (const [pid, t] of after) if (!exclude.includes(pid)) ticks += t - (before.get(pid) ?? 0);
  return (100 * ticks) / 100 / (wallMs / 1000);
}

/** The busiest other processes over the next second (what else was running), as "57% node (vitest …)" strings. */
export async function busiestProcesses(exclude: number[], count = 6): Promise<string[]> {
  try {
    const before = cpuTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const after = cpuTicks();
    const ticks = 100;
    const busy = [...after]
      .filter(([pid]) => !exclude.includes(pid) && pid !== process.pid)
      .map(([pid, t]) => ({ pid, percent: ((t - (before.get(pid) ?? t)) * 100) / ticks }))
      .filter((p) => p.percent >= 1)
      .sort((a, b) => b.percent - a.percent)
      .slice(0, count);
    return busy.map(({ pid, percent }) => {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).map((a) => a.split('/').pop()).join(' ');
      } catch {
        cmd = String(pid);
      }
      return `${percent.toFixed(0)}% ${cmd.slice(0, 70)}`;
    });
  } catch {
    return [];
  }
}

export const fmt = (v: number, digits = 0): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');
