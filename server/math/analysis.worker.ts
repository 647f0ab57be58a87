// The worker thread of server/math/analyser.ts: analyses one level definition per message, in order.
import { parentPort } from 'node:worker_threads';
import { GameError } from '../../shared/errors.ts';
import { analyseDefinition, type LevelDefinition } from './analysis.ts';

if (!parentPort) throw new Error('analysis.worker.ts runs as a worker thread');
const port = parentPort;

port.on('message', ({ id, input }: { id: number; input: LevelDefinition }) => {
  try {
    port.postMessage({ id, ok: true, analysis: analyseDefinition(input) });
  } catch (err) {
    const error =
      err instanceof GameError
        ? { code: err.code, message: err.message, detail: err.detail }
        : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), detail: {} };
    port.postMessage({ id, ok: false, error });
  }
});
port.postMessage({ type: 'ready' });
