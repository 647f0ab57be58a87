/**
 * Runs the example scripts (examples/gd.mjs with Node, examples/gd.py with python3) as a student would, and lets a
 * test wait for what they print. Shared by examples.test.ts and examples-restart.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Runtime {
  name: string;
  command: string;
  script: string;
  /** How the usage text writes the command, e.g. `node examples/gd.mjs`. */
  prefix: string;
  available: boolean;
}

const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('python3 is not installed here: the tests of examples/gd.py are skipped');

export const RUNTIMES: Runtime[] = [
  { name: 'Node (examples/gd.mjs)', command: process.execPath, script: resolve(ROOT, 'examples/gd.mjs'), prefix: 'node examples/gd.mjs', available: true },
  { name: 'Python (examples/gd.py)', command: 'python3', script: resolve(ROOT, 'examples/gd.py'), prefix: 'python3 examples/gd.py', available: python },
];

export interface ScriptRun {
  /** Resolves with the first stdout line matching `pattern`; rejects if the script exits before printing one. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the script has exited. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the script with `args`. */
export function runScript(runtime: Runtime, args: string[]): ScriptRun {
  const child = spawn(runtime.command, [runtime.script, ...args], { cwd: ROOT, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve(line: string): void; reject(error: Error): void }[] = [];
  let stderr = '';
  let exited = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveDone, rejectDone) => {
    child.on('error', rejectDone);
    child.on('close', (code) => {
      exited = true;
      const stdout = lines.join('\n');
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the script exited (${code}) without printing ${waiter.pattern}:\n${stdout}\n${stderr}`));
      resolveDone({ code, stdout, stderr });
    });
  });
  return {
    done,
    waitFor(pattern) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      if (exited) return Promise.reject(new Error(`the script exited without printing ${pattern}:\n${lines.join('\n')}\n${stderr}`));
      return new Promise((resolveLine, rejectLine) => waiters.push({ pattern, resolve: resolveLine, reject: rejectLine }));
    },
  };
}

/** Runs the script to its end. */
export function runToEnd(runtime: Runtime, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runScript(runtime, args).done;
}

/** The "best x = …  f = …" line the scripts print last. */
export function best(stdout: string): { x: number[]; f: number } {
  const match = /^best x = (.+?)\s+f = (\S+)$/m.exec(stdout);
  if (!match) throw new Error(`no best line in:\n${stdout}`);
  return { x: match[1].split(',').map(Number), f: Number(match[2]) };
}

/** How many guesses of its own the script reported. */
export const stepLines = (stdout: string): number => stdout.match(/^step +\d+ /gm)?.length ?? 0;

/** What a fatal error must not look like: a Python traceback or a Node stack. */
export const STACK = /Traceback|^\s+at .+:\d+/m;

/** The arguments of the command in the script's usage text that contains `marker` (continuation lines joined). */
export async function documentedCommand(runtime: Runtime, marker: string): Promise<string[]> {
  const { stdout, code } = await runToEnd(runtime, ['--help']);
  if (code !== 0) throw new Error(`--help exited with ${code}`);
  const text = stdout.replace(/\\\n\s*/g, '');
  const line = text.split('\n').find((l) => l.includes(runtime.prefix) && l.includes(marker));
  if (!line) throw new Error(`no "${runtime.prefix} … ${marker}" command in the usage text:\n${stdout}`);
  return line.slice(line.indexOf(runtime.prefix) + runtime.prefix.length).trim().split(/\s+/);
}

/** The documented arguments with the server, team and password of a test put in. */
export function withLogin(args: string[], login: { server: string; team: number; password: string; code?: string }): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (['--server', '--team', '--password'].includes(args[i])) i++;
    else out.push(args[i]);
  }
  return [...loginArgs(login), ...out];
}

/** `--server … --team … --password …` and `--code` when the team has one. */
export function loginArgs(login: { server: string; team: number; password: string; code?: string }): string[] {
  return ['--server', login.server, '--team', String(login.team), '--password', login.password, ...(login.code ? ['--code', login.code] : [])];
}

/**
 * Logs the team in as its first device would (a teammate's page), so a script can be its second device. The answer
 * carries the team code once the server hands them out; the script then needs it.
 */
export async function claimTeam(server: string, team: number, password: string): Promise<{ token: string; code?: string }> {
  const res = await fetch(`${server}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ team, password }) });
  if (!res.ok) throw new Error(`login of team ${team} → ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; team: { code?: string } };
  return { token: body.token, code: body.team.code };
}
