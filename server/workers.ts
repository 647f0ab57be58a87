/**
 * Worker threads for heavy work kept off the event loop (expression analysis, reference runs).
 *
 * A worker module is named `<name>.worker.ts` and started with `startWorker(new URL('./<name>.worker.ts',
 * import.meta.url))`. From source (tests, `npm run dev`) the .ts file runs through tsx's loader; in the built
 * server every worker is bundled beside the entry point as `<name>.worker.js`, where the same URL, resolved
 * against the bundle, names it once `.ts` becomes `.js`. (So the build must emit each worker flat beside the
 * entry, under its own base name.)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The file a worker URL names here: the .ts source when it exists, else its built .js sibling. */
export function workerFile(url: URL): { file: string; fromSource: boolean } {
  const file = fileURLToPath(url);
  if (file.endsWith('.ts') && existsSync(file)) return { file, fromSource: true };
  const built = file.replace(/\.ts$/, '.js');
  if (existsSync(built)) return { file: built, fromSource: false };
  throw new Error(`worker module not found: ${file} (nor ${built})`);
}

/** Starts a worker thread on a `*.worker.ts` module (see the file comment). */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const { file, fromSource } = workerFile(url);
  if (!fromSource) return new Worker(file, options);
  // Node 20 ignores --import in a worker's execArgv: a small bootstrap registers tsx, then imports the module.
  return new Worker(new URL('./worker-from-source.mjs', import.meta.url), { ...options, argv: [...(options.argv ?? []), pathToFileURL(file).href] });
}
