/**
 * The TensorFlow.js module the reference optimizers run on: the native binding when it installed, else the
 * pure-JS CPU backend (this machine cannot download libtensorflow, see ../shared/DESIGN.md).
 */
import type * as Tf from '@tensorflow/tfjs';

/** The TensorFlow.js API as the reference modules use it (the same with either backend). */
export type TfModule = typeof Tf;

/** The loaded module and the name of the backend it computes on ('tensorflow' or 'cpu'). */
export interface LoadedTf {
  tf: TfModule;
  backend: string;
}

let loading: Promise<LoadedTf> | null = null;

async function tryNative(): Promise<TfModule | null> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package to be present.
  const name = '@tensorflow/tfjs-node';
  try {
    const mod = (await import(name)) as { default?: TfModule } & Partial<TfModule>;
    const tf = (mod.default ?? mod) as TfModule;
    if (typeof tf.setBackend !== 'function') return null;
    await tf.setBackend('tensorflow');
    await tf.ready();
    return tf;
  } catch {
    // Absent, or present without its native library: the CPU backend below is the designed fallback.
    return null;
  }
}

async function load(): Promise<LoadedTf> {
  const native = await tryNative();
  if (native) return { tf: native, backend: native.getBackend() };
  const tf = await import('@tensorflow/tfjs');
  // PROD only silences tfjs warnings; the one that matters here ("install tfjs-node to speed things up")
  // would be printed on every start although the fallback is deliberate and the backend is logged anyway.
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: tf.getBackend() };
}

/** Loads TensorFlow.js once (native binding if available, else CPU) and reports the backend in use. */
export function loadTf(): Promise<LoadedTf> {
  loading ??= load().catch((err: unknown) => {
    loading = null; // let a later call retry instead of caching the failure forever
    throw err;
  });
  return loading;
}
