/**
 * server/reference: the reference optimizers (GD, momentum, Adam) on a level's function, trained with
 * TensorFlow.js in a worker thread, and what choosing their settings needs (textbook replays, lesson measurement,
 * the regression's line fit). This file is the door the server uses: `createReferenceRunner`.
 * May import: ../math (the level function), ../game/templates.ts (settings of the shipped levels), ../../shared,
 * ../workers.ts. Nothing here imports Fastify, the store or the game service.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers.ts';
import type { ReferenceSettings } from './defaults.ts';
import type { RegressionFit } from './regression.ts';
import type { ReferenceLevel, ReferenceRunRecord, RunRequest, TeamStart } from './runs.ts';

export type { ReferenceLevel, ReferenceRunRecord, RunRequest, TeamStart } from './runs.ts';
export type { RegressionFit } from './regression.ts';
export type { ReferenceSettings } from './defaults.ts';

/** A request to the worker thread. */
export type WorkerRequest =
  | { id: number; kind: 'defaultRuns'; level: ReferenceLevel; teams: TeamStart[] }
  | { id: number; kind: 'run'; level: ReferenceLevel; requests: RunRequest[]; teams: TeamStart[] }
  | { id: number; kind: 'settings'; level: ReferenceLevel }
  | { id: number; kind: 'regression' }
  /** Loads TensorFlow.js now, so that the next run does not wait for it. */
  | { id: number; kind: 'warm' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Result = ReferenceRunRecord[] | ReferenceSettings | RegressionFit;
type Request = WithoutId<WorkerRequest>;

/** The worker's reply to a request with the same id. */
export type WorkerReply =
  | { id: number; ok: true; backend: string; result: ReferenceRunRecord[] | ReferenceSettings | RegressionFit }
  | { id: number; ok: false; error: { message: string; code?: string } };

/** A reference run that could not finish: over its time limit, failed in the worker, or asked of a closed runner. */
export class ReferenceRunError extends Error {
  constructor(
    readonly reason: 'timeout' | 'failed' | 'closed',
    message: string,
    /** The code of the worker's error, e.g. INVALID_EXPRESSION from compiling the level. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ReferenceRunError';
  }
}

/** The reference runs as the server uses them (see createReferenceRunner). */
export interface ReferenceRunner {
  /** The TensorFlow.js backend the worker computes on ('tensorflow' or 'cpu'); 'not loaded' until first used. */
  backend(): string;
  /** The reveal's runs: the level's settings from its start and from each team's first guess (equal evaluations, capped), and the standardised run on regression levels. */
  defaultRuns(level: ReferenceLevel, teams: readonly TeamStart[]): Promise<ReferenceRunRecord[]>;
  /** The instructor's runs, each from the level's start or its own (owned by its teamId); with `teams`, from each team's first guess too (equal evaluations, capped). */
  run(level: ReferenceLevel, requests: readonly RunRequest[], teams?: readonly TeamStart[]): Promise<ReferenceRunRecord[]>;
  /** The settings the level's lesson is shown with: its template's, else suggested from its curvature. */
  settings(level: ReferenceLevel): Promise<ReferenceSettings>;
  /** The slides' regression trained as a tf model by GD and momentum with level 4's settings (regression.ts). */
  regression(): Promise<RegressionFit>;
  /** Starts the worker and loads TensorFlow.js ahead of the first run (a level closed: its reveal is coming). */
  warm(): Promise<void>;
  /** Stops the worker; pending and later requests fail with ReferenceRunError('closed'). */
  close(): Promise<void>;
}

export interface ReferenceRunnerOptions {
  log: (obj: Record<string, unknown>, msg: string) => void;
  /** Time limit of one request, from the moment the worker gets it (default 30 s); past it the worker is stopped. */
  timeoutMs?: number;
}

/** The default time limit of one request: loading tf on the CPU takes a few seconds, a reveal of 300 teams about one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(result: Result): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The reference runner: one worker thread, started on the first request (and again after a time limit or a
 * crash stopped it), that loads TensorFlow.js when first asked and reports which backend runs. Requests are
 * queued, one at a time in the worker, each with its own time limit.
 */
export function createReferenceRunner(options: ReferenceRunnerOptions): ReferenceRunner {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let backend = 'not loaded';
  let nextId = 1;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const failAll = (err: ReferenceRunError): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(err);
    }
  };

  const stop = (w: Worker, why: string): void => {
    if (worker === w) worker = null;
    w.terminate().catch((err: unknown) => options.log({ err, why }, 'reference worker: terminate failed'));
  };

  const onReply = (reply: WorkerReply): void => {
    const p = pending.get(reply.id);
    if (!p) return; // its time limit ran out first: the caller already has its error
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) {
      if (reply.backend !== backend) {
        backend = reply.backend;
        options.log({ backend }, `TensorFlow.js backend: ${backend}`);
      }
      p.resolve(reply.result);
    } else {
      p.reject(new ReferenceRunError('failed', reply.error.message, reply.error.code));
    }
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = startWorker(new URL('./reference.worker.ts', import.meta.url));
    // The worker alone must not keep the process alive; a request in flight does, through its timer.
    w.unref();
    w.on('message', onReply);
    w.on('error', (err) => {
      options.log({ err }, 'reference worker failed');
      stop(w, 'error');
      failAll(new ReferenceRunError('failed', `reference worker failed: ${err.message}`));
    });
    w.on('exit', (code) => {
      if (worker !== w) return; // stopped on purpose
      worker = null;
      options.log({ code }, 'reference worker exited');
      failAll(new ReferenceRunError('failed', `reference worker exited with code ${code}`));
    });
    worker = w;
    return w;
  };

  const send = (request: Request): Promise<Result> => {
    if (closed) return Promise.reject(new ReferenceRunError('closed', 'the reference runner is closed'));
    const w = ensureWorker();
    const id = nextId++;
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        options.log({ timeoutMs, kind: request.kind }, 'reference run over its time limit: worker stopped');
        // tf computes synchronously in the worker: stopping the thread is the only way to end the run.
        stop(w, 'timeout');
        reject(new ReferenceRunError('timeout', `the reference run took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      w.postMessage({ id, ...request } as WorkerRequest);
    });
  };

  /** Runs requests one after another: each time limit then measures its own run, not the queue before it. */
  const enqueue = (request: Request): Promise<Result> => {
    const task = queue.then(() => send(request));
    // The queue only orders the requests; each caller gets its own result or error from `task`.
    queue = task.then(
      () => undefined,
      () => undefined,
    );
    return task;
  };

  return {
    backend: () => backend,
    defaultRuns: (level, teams) => enqueue({ kind: 'defaultRuns', level, teams: [...teams] }) as Promise<ReferenceRunRecord[]>,
    run: (level, requests, teams = []) => enqueue({ kind: 'run', level, requests: [...requests], teams: [...teams] }) as Promise<ReferenceRunRecord[]>,
    settings: (level) => enqueue({ kind: 'settings', level }) as Promise<ReferenceSettings>,
    regression: () => enqueue({ kind: 'regression' }) as Promise<RegressionFit>,
    warm: async () => {
      if (backend === 'not loaded') await enqueue({ kind: 'warm' });
    },
    async close() {
      closed = true;
      failAll(new ReferenceRunError('closed', 'the reference runner is closed'));
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
