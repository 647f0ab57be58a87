/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per function (file:line), and
 * per package or project folder. Run alone: npx tsx bench/load-profile.ts file.cpuprofile [top]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(import.meta.dirname, '..');

function where(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(ROOT) ? relative(ROOT, path) : path;
}

/** The bucket a file belongs to: an npm package, a project folder, or node's own code. */
function bucket(url: string): string {
  const path = where(url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  if (path.startsWith('node:') || path.startsWith('internal/')) return 'node';
  if (path === '(native)') return '(native, GC, idle)';
  return path.split('/').slice(0, 2).join('/');
}

/**
 * Profiles a running server over its inspector (started with --inspect=127.0.0.1:0) for exactly the window between
 * start() and stop(), so start-up and set-up stay out of the figures. `output` is what the process printed (the
 * inspector's address is in it).
 */
export async function attachProfiler(output: () => string): Promise<{ start(): Promise<void>; stop(file: string): Promise<void> }> {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  if (!address) throw new Error('the server was not started with --inspect');
  const ws = new WebSocket(address, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolveOpen, reject) => {
    ws.once('open', () => resolveOpen());
    ws.once('error', reject);
  });
  let id = 0;
  const waiting = new Map<number, (result: any) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolveCall, reject) => {
      const n = ++id;
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 60_000);
      waiting.set(n, (result) => {
        clearTimeout(timer);
        resolveCall(result);
      });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  return {
    start: async () => {
      await send('Profiler.start');
    },
    stop: async (file) => {
      const { profile } = await send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      ws.close();
    },
  };
}

/** Lines "12.3%  45 ms  fn  file:line", top `top` functions by self time, then the buckets. */
export function summariseProfile(file: string, top = 25): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  let total = 0;
  let idle = 0;
  const byFunction = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byNode.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const key = `${functionName || '(anonymous)'}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const b = functionName === '(garbage collector)' ? '(garbage collector)' : functionName === '(program)' ? '(program)' : bucket(url);
    byBucket.set(b, (byBucket.get(b) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${Math.round(us / 1000)} ms`.padStart(8);
  const lines = [`busy ${Math.round(busy / 1000)} ms of ${Math.round(total / 1000)} ms profiled (idle ${((100 * idle) / total).toFixed(0)}%); shares are of busy time`];
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(us)} ${ms(us)}  ${key}`);
  // Inclusive time of the project's own functions (server/, shared/): where the game spends it, callees included.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const own = (url: string) => url.startsWith('file://') && !url.includes('/node_modules/') && where(url) !== fileURLToPath(url);
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
      if (!own(url)) continue;
      const key = `${functionName || '(anonymous)'}  ${where(url)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  }
  lines.push('project functions, inclusive of what they call:');
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`${pct(us)} ${ms(us)}  ${key}`);
  // Stretches of consecutive busy samples: how long the event loop was held at once (what makes a timer late),
  // and which of the project's functions (or packages) were on the stack during the longest ones.
  const stretches: { ms: number; frames: Map<string, number>; self: Map<string, number> }[] = [];
  let current: { ms: number; frames: Map<string, number>; self: Map<string, number> } | null = null;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byNode.get(profile.samples[i])!;
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    if (node.callFrame.functionName === '(idle)') {
      if (current) stretches.push(current);
      current = null;
      continue;
    }
    current ??= { ms: 0, frames: new Map(), self: new Map() };
    current.ms += dt;
    const selfKey = `${node.callFrame.functionName || '(anonymous)'}${node.callFrame.url ? ` ${bucket(node.callFrame.url)}` : ''}`;
    current.self.set(selfKey, (current.self.get(selfKey) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byNode.get(id)!.callFrame;
      const key = own(url) ? `${functionName || '(anonymous)'} ${where(url)}` : functionName === '(garbage collector)' ? 'GC' : '';
      if (!key || seen.has(key)) continue;
      seen.add(key);
      current.frames.set(key, (current.frames.get(key) ?? 0) + dt);
    }
  }
  if (current) stretches.push(current);
  stretches.sort((a, b) => b.ms - a.ms);
  const lengths = stretches.map((st) => st.ms).sort((a, b) => a - b);
  const at = (p: number) => lengths[Math.min(lengths.length - 1, Math.ceil(p * lengths.length) - 1)] ?? 0;
  lines.push(`event loop held (busy stretches): ${lengths.length}, p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms; the longest:`);
  for (const st of stretches.slice(0, 6)) {
    const top = [...st.frames].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(0)} ms`);
    const self = [...st.self].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(0)} ms`);
    lines.push(`  ${st.ms.toFixed(0).padStart(5)} ms: ${top.join('; ')} | self: ${self.join('; ')}`);
  }
  lines.push('by package / folder (self time):');
  for (const [key, us] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`${pct(us)} ${ms(us)}  ${key}`);
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: npx tsx bench/load-profile.ts file.cpuprofile [top]\n');
    process.exit(1);
  }
  process.stdout.write(`${summariseProfile(file, Number(top ?? 30)).join('\n')}\n`);
}
