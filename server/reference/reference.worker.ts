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
import type { WorkerReply, WorkerRequest } from './runner.ts';

if (!parentPort) throw new Error('reference.worker.ts runs as a worker thread (see runner.ts)');
const port = parentPort;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  const { backend } = await loadTf();
  if (request.kind === 'regression') return { id: request.id, ok: true, backend, result: await fitRegression() };
  const fn = compileLevelFunction(request.level.expression, request.level.dims);
  const result =
    request.kind === 'defaultRuns'
      ? await defaultRuns(fn, request.level, request.teams)
      : await requestedRuns(fn, request.level, request.requests, request.teams);
  return { id: request.id, ok: true, backend, result };
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as { code?: unknown }).code;
      port.postMessage({ id: request.id, ok: false, error: { message: e.message, ...(typeof code === 'string' ? { code } : {}) } } satisfies WorkerReply);
    },
  );
});
