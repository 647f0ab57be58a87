/**
 * The server as its own process, for the load bench and the fault tests: the built server (dist/server/main.js,
 * `npm run build:server`; tests/global-setup.ts builds it) run with plain node on a given SQLite file, loopback
 * only, with its CPU and memory read from /proc so that client and server are measured apart.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
/** The built server that `npm start` runs. */
export const BUILT_ENTRY = resolve(ROOT, 'dist/server/main.js');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful close; a --cpu-prof profile is written then), SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  databaseUrl: string;
  port?: number;
  adminPassword: string;
  /** Extra environment (LOGIN_FAILURE_LIMIT, LOG_LEVEL…). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
  /** Run as another user (the read-only database test runs the server as `nobody` when the tests run as root). */
  uid?: number;
  gid?: number;
  /** How long to wait for /api/health (a loaded machine starts slowly). */
  startTimeoutMs?: number;
  /** Resolve as soon as the process exits instead of waiting for health (to observe a refused start). */
  expectExit?: boolean;
  /** Run server/main.ts through tsx instead of the build (what `npm run dev` runs). */
  fromSource?: boolean;
}

/** Starts the built server; resolves once /api/health answers (or, with `expectExit`, once the process exits). */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const spawnOptions: SpawnOptions = {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      ADMIN_PASSWORD: options.adminPassword,
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  };
  if (!options.fromSource && !existsSync(BUILT_ENTRY)) throw new Error(`${BUILT_ENTRY} is missing: run \`npm run build:server\``);
  const entry = options.fromSource ? ['--import', 'tsx', resolve(ROOT, 'server/main.ts')] : [BUILT_ENTRY];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], spawnOptions);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    pid: child.pid!,
    url,
    port,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  if (options.expectExit) {
    const deadline = setTimeout(() => child.kill('SIGKILL'), options.startTimeoutMs ?? 60_000);
    await exited;
    clearTimeout(deadline);
    return server;
  }
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${output}`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.kill();
  throw new Error(`server did not answer /api/health within ${options.startTimeoutMs ?? 60_000} ms: ${output}`);
}

/** A JSON API caller for one server: `admin()` after `signIn()`; rejects on a non-2xx answer. */
export function apiClient(url: string) {
  let adminToken = '';
  // A team's first login claims it; its later devices send the code, as the pages and scripts do.
  const codes = new Map<number, string>();
  const call = async <T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  };
  return {
    call,
    async signIn(password: string): Promise<string> {
      const res = await call<{ token: string }>('POST', '/api/admin/login', { password });
      if (res.status !== 200) throw new Error(`admin login → ${res.status} ${JSON.stringify(res.body)}`);
      adminToken = res.body.token;
      return adminToken;
    },
    async admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await call<T>(method, `/api/admin${path}`, body, adminToken);
      if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async login(team: number, password: string): Promise<string> {
      const code = codes.get(team);
      const res = await call<{ token: string; team: { code?: string } }>('POST', '/api/login', { team, password, ...(code ? { code } : {}) });
      if (res.status !== 200) throw new Error(`login team ${team} → ${res.status} ${JSON.stringify(res.body)}`);
      if (res.body.team.code) codes.set(team, res.body.team.code);
      return res.body.token;
    },
  };
}

// ---------------------------------------------------------------- /proc readings

let clockTicks = 0;
function ticksPerSecond(): number {
  if (!clockTicks) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcSample {
  at: number;
  /** user + system CPU seconds of the process (all its threads). */
  cpuS: number;
  rssKb: number;
  hwmKb: number;
}

/** One reading of a process's CPU time and memory from /proc/<pid>/stat and /proc/<pid>/status. */
export function readProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { at: performance.now(), cpuS: (utime + stime) / ticksPerSecond(), rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process every `everyMs` until stopped: CPU % over the window and peak RSS. */
export function watchProc(pid: number, everyMs = 250) {
  const first = readProc(pid);
  let last = first;
  let peakRssKb = first?.rssKb ?? 0;
  const timer = setInterval(() => {
    const s = readProc(pid);
    if (!s) return;
    last = s;
    peakRssKb = Math.max(peakRssKb, s.rssKb);
  }, everyMs);
  timer.unref();
  return {
    stop(): { cpuPercent: number; peakRssMb: number; endRssMb: number } {
      clearInterval(timer);
      const end = readProc(pid) ?? last;
      if (!first || !end) return { cpuPercent: NaN, peakRssMb: NaN, endRssMb: NaN };
      peakRssKb = Math.max(peakRssKb, end.rssKb);
      const wallS = (end.at - first.at) / 1000;
      return { cpuPercent: (100 * (end.cpuS - first.cpuS)) / wallS, peakRssMb: peakRssKb / 1024, endRssMb: end.rssKb / 1024 };
    },
  };
}
