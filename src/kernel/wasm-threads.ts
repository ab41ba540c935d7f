import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { defaultWasmThreads } from '@/utils/wasm-thread-choice';

/** Threads asked for with `configureWasmThreads`; undefined = tfjs's own choice. */
let requested: number | undefined;

/**
 * Must run before the WASM backend first initialises. tfjs-backend-wasm loads its threaded binary
 * whenever SharedArrayBuffer works (a cross-origin isolated page); only the
 * WASM_HAS_MULTITHREAD_SUPPORT flag brings back the single-threaded SIMD binary.
 * `threads` undefined: `defaultWasmThreads` for this machine.
 */
export function configureWasmThreads(
  threads: number | undefined,
  cores: number | undefined = globalThis.navigator?.hardwareConcurrency,
): void {
  requested = threads ?? defaultWasmThreads(cores);
  if (requested === undefined) return;
  if (requested === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(requested);
}

/**
 * tfjs-backend-wasm caps XNNPACK's pool at `navigator.hardwareConcurrency / 2` (its backend.cc
 * assumes two hyper-threads per core), read once when the module instantiates, so
 * `setThreadsCount(2)` still gives 1 thread on a 2-core machine. While `start` runs (the backend's
 * first initialisation), the worker reports twice the requested count, so the cap lets the request
 * through; the real value comes back as soon as it returns, so cells never see the fake one.
 */
export async function withWasmThreadCap<T>(start: () => Promise<T>): Promise<T> {
  const nav: object | undefined = globalThis.navigator;
  if (
    !nav ||
    requested === undefined ||
    requested < 2 ||
    Object.hasOwn(nav, 'hardwareConcurrency')
  ) {
    return start();
  }
  Object.defineProperty(nav, 'hardwareConcurrency', { value: requested * 2, configurable: true });
  try {
    return await start();
  } finally {
    Reflect.deleteProperty(nav, 'hardwareConcurrency');
  }
}

/** Which WASM build and pool a verification was made with: part of its cache key. */
export function wasmVariant(): string {
  return `threads ${requested ?? 'default'}`;
}
