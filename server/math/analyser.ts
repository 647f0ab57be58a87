/**
 * Level analysis off the event loop: one worker thread (analysis.worker.ts) takes definitions one at a time, each
 * under a time limit counted from when the worker starts it. Past the limit the worker is terminated — a fresh one
 * serves the next request — and the definition is refused as INVALID_EXPRESSION / TOO_SLOW. The worker is
 * started on first use and does not keep the process alive while idle.
 */
import type { Worker } from 'node:worker_threads';
import { GameError, isErrorCode, type ErrorDetail } from '../../shared/errors.ts';
import { startWorker } from '../workers.ts';
import type { LevelAnalysis, LevelDefinition } from './analysis.ts';
import { levelError } from './errors.ts';

/** How long the analysis of one level may take. */
export const ANALYSIS_TIMEOUT_MS = 2000;
const CACHED = 32;

type Reply =
  | { type: 'ready' }
  | { id: number; ok: true; analysis: LevelAnalysis }
  | { id: number; ok: false; error: { code: string; message: string; detail: ErrorDetail } };

interface Job {
  id: number;
  input: LevelDefinition;
  key: string | null;
  timeoutMs: number;
  resolve(analysis: LevelAnalysis): void;
  reject(err: Error): void;
}

interface Running {
  job: Job;
  worker: Worker;
  timer: NodeJS.Timeout;
}

export interface LevelAnalyserOptions {
  /** Default time limit per analysis. */
  timeoutMs?: number;
  /** Where failures of the worker itself are reported (not refusals: those reject the call). */
  onError?: (err: unknown, context: string) => void;
}

/** Runs level analyses in a worker thread with a time limit; successes are cached (the analysis is pure). */
export class LevelAnalyser {
  private worker: Promise<Worker> | null = null;
  private running: Running | null = null;
  /** A job is taken (possibly still waiting for the worker to start). */
  private busy = false;
  private readonly queue: Job[] = [];
  private readonly cache = new Map<string, LevelAnalysis>();
  private nextId = 1;
  private started = 0;
  private readonly timeoutMs: number;
  private readonly onError: (err: unknown, context: string) => void;

  constructor(options: LevelAnalyserOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? ANALYSIS_TIMEOUT_MS;
    this.onError = options.onError ?? ((err, context) => console.error(`level analyser: ${context}`, err));
  }

  /** How many worker threads this analyser has started (a fresh one follows every timeout). */
  get workersStarted(): number {
    return this.started;
  }

  /** Analyses a level definition (see analyseDefinition in analysis.ts); rejects with the GameError that refuses it. */
  analyse(input: LevelDefinition, options: { timeoutMs?: number } = {}): Promise<LevelAnalysis> {
    let key: string | null = null;
    try {
      key = JSON.stringify([input.expression, input.domain, input.start ?? null]);
    } catch {
      // Not JSON (no level from a request is): analysed, never cached.
    }
    const cached = key === null ? undefined : this.cache.get(key);
    if (cached) return Promise.resolve(structuredClone(cached));
    return new Promise<LevelAnalysis>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, key, timeoutMs: options.timeoutMs ?? this.timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker and refuses what is still queued. */
  async close(): Promise<void> {
    const closed = (): Error => new Error('the level analyser is closed');
    for (const job of this.queue.splice(0)) job.reject(closed());
    const running = this.running;
    this.running = null;
    this.busy = false;
    if (running) {
      clearTimeout(running.timer);
      running.job.reject(closed());
    }
    const pending = this.worker;
    this.worker = null;
    const worker = pending ? await pending.catch(() => null) : null;
    if (worker) await this.discard(worker);
  }

  private spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(new URL('./analysis.worker.ts', import.meta.url));
      this.started += 1;
      // Started for a waiting job, so it holds the process open until that job is done (finish() lets go).
      let ready = false;
      worker.on('message', (reply: Reply) => {
        if ('type' in reply) {
          ready = true;
          resolve(worker);
        } else {
          this.settle(worker, reply);
        }
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
        else this.lost(worker, err);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`the analysis worker exited with code ${code} before it was ready`));
        else this.lost(worker, new Error(`the analysis worker exited with code ${code}`));
      });
    });
  }

  private pump(): void {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const job = this.queue.shift() as Job;
    this.worker ??= this.spawn();
    const pending = this.worker;
    pending.then(
      (worker) => {
        if (this.worker !== pending) return job.reject(new Error('the level analyser is closed'));
        worker.ref();
        const timer = setTimeout(() => this.timedOut(worker, job), job.timeoutMs);
        this.running = { job, worker, timer };
        try {
          worker.postMessage({ id: job.id, input: job.input });
        } catch (err) {
          this.finish(worker);
          job.reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
      (err: unknown) => {
        this.onError(err, 'the worker did not start');
        if (this.worker === pending) this.worker = null;
        this.busy = false;
        job.reject(new Error('the level analysis worker did not start'));
        this.pump();
      },
    );
  }

  /** The running job is over: the worker is idle again, the next job may start. */
  private finish(worker: Worker): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    this.busy = false;
    worker.unref();
    this.pump();
  }

  private settle(worker: Worker, reply: Exclude<Reply, { type: 'ready' }>): void {
    const running = this.running;
    if (!running || running.worker !== worker || running.job.id !== reply.id) return;
    this.finish(worker);
    if (reply.ok) {
      this.remember(running.job.key, reply.analysis);
      running.job.resolve(reply.analysis);
    } else {
      const { code, message, detail } = reply.error;
      running.job.reject(isErrorCode(code) ? new GameError(code, message, detail) : new Error(message));
    }
  }

  private remember(key: string | null, analysis: LevelAnalysis): void {
    if (key === null) return;
    this.cache.delete(key);
    this.cache.set(key, structuredClone(analysis));
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Terminates a worker that is no longer wanted; its later events are not about any job. */
  private async discard(worker: Worker): Promise<void> {
    worker.removeAllListeners();
    // An 'error' after this point would otherwise be an uncaught exception.
    worker.on('error', (err) => this.onError(err, 'a discarded worker failed'));
    try {
      await worker.terminate();
    } catch (err) {
      this.onError(err, 'terminating a worker');
    }
  }

  /** Past the time limit: the worker (stuck in the analysis) is terminated, the job refused as TOO_SLOW. */
  private timedOut(worker: Worker, job: Job): void {
    if (this.running?.job !== job) return;
    this.worker = null;
    void this.discard(worker);
    job.reject(
      levelError('INVALID_EXPRESSION', 'TOO_SLOW', { ms: job.timeoutMs }, `analysing the expression took longer than ${job.timeoutMs} ms`),
    );
    this.finish(worker);
  }

  /** The worker died (an uncaught error, or it exited): the running job fails, a fresh worker takes the next. */
  private lost(worker: Worker, err: Error): void {
    this.onError(err, 'the worker stopped');
    this.worker = null;
    void this.discard(worker);
    const running = this.running;
    if (running?.worker === worker) {
      running.job.reject(new Error(`the level analysis failed: ${err.message}`));
      this.finish(worker);
    }
  }
}

let shared: LevelAnalyser | null = null;

/**
 * Checks and analyses a new level in a worker thread under a time limit (default 2 s): f*, argmin, median, start
 * (default: a tenth into the domain) and the plot samples. Rejects with INVALID_DOMAIN, INVALID_EXPRESSION (reason
 * TOO_SLOW past the limit) or INVALID_BODY (a bad start), each with a reason and params.
 */
export function analyseLevelDefinition(
  input: { expression: string; domain: unknown; start?: number | number[] },
  options: { timeoutMs?: number } = {},
): Promise<LevelAnalysis> {
  shared ??= new LevelAnalyser();
  return shared.analyse(input, options);
}
