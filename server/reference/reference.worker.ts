/**
 * The reference runs' thread (started by runner.ts): TensorFlow.js is loaded here on the first request, and each
 * request compiles the level's expression here too, so neither the load nor a run ever holds the server's event
 * loop. One request at a time (the runner queues them); every request gets one reply with the same id.
 */
import { parentPort } from 'node:worker_threads';
import { compileLevelFunction } from '../math/expression.ts';
import { loadTf } from './backend.ts';
import { fitRegression } from './regression.ts';
import { defaultRuns, requestedRuns } from './runs.ts';
import { referenceSettings } from './settings.ts';
import type { WorkerReply, WorkerRequest } from './runner.ts';

if (!parentPort) throw new Error('reference.worker.ts runs as a worker thread (see runner.ts)');
const port = parentPort;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  const { backend } = await loadTf();
  if (request.kind === 'warm') return { id: request.id, ok: true, backend, result: [] };
  if (request.kind === 'regression') return { id: request.id, ok: true, backend, result: await fitRegression() };
  const fn = compileLevelFunction(request.level.expression, request.level.dims);
  if (request.kind === 'settings') return { id: request.id, ok: true, backend, result: referenceSettings(request.level, fn) };
  const result =
    request.kind === 'defaultRuns'
      ? await defaultRuns(fn, request.level, request.teams)
      : await requestedRuns(fn, request.level, request.requests, request.teams);
  return { id: request.id, ok: true, backend, result };
}

/** The failure reply to a request, with the error's code when it has one (INVALID_EXPRESSION from compiling). */
function failure(id: number, err: unknown): WorkerReply {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { id, ok: false, error: { message: e.message, ...(typeof code === 'string' ? { code } : {}) } };
}

port.on('message', (request: WorkerRequest) => {
  handle(request)
    .catch((err: unknown) => failure(request.id, err))
    .then((reply) => {
      try {
        port.postMessage(reply);
      } catch (err) {
        // A reply that cannot be cloned still gets an answer, so the caller does not wait for its time limit.
        port.postMessage(failure(request.id, err));
      }
    })
    .catch((err: unknown) => {
      // Not even the failure could be posted: the runner's time limit ends the request; say why on stderr.
      console.error(`reference worker: cannot answer request ${request.id}:`, err);
    });
});
