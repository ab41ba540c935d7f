/**
 * How many WASM threads a kernel asks for, decided on the page (no tfjs here) and applied by the
 * kernel's `configureWasmThreads` before its backend starts.
 */

/** A notebook's catalog entry may say that its large convolutions gain from a second thread. */
export type WasmPreference = 'threaded';

/**
 * The pool tfjs would size by itself: half the logical cores. When that is 1, its threaded binary
 * still starts 8 pthread workers (emscripten's fixed pool), which took 0.7–1 s of the kernel's
 * start on 2 cores against 50 ms for the single-threaded SIMD binary, and a second thread made
 * the small models slower there (docs/BENCHMARKS.md); so without a setting such a machine gets the
 * single-threaded binary (1), and tfjs's own pool elsewhere (undefined).
 */
export function defaultWasmThreads(cores: number | undefined): number | undefined {
  return Math.floor((cores ?? 1) / 2) <= 1 ? 1 : undefined;
}

/**
 * The user's saved setting first. Else a notebook marked 'threaded' (style transfer: a VGG-19
 * step took 6.7 s on one thread and 4.6 s on two of a 2-core machine) gets 2 threads where the
 * default would be the single-threaded binary; otherwise the kernel's default (undefined).
 */
export function wasmThreadsFor(
  saved: number | undefined,
  preference: WasmPreference | undefined,
  cores: number | undefined,
): number | undefined {
  if (saved !== undefined) return saved;
  if (preference === 'threaded' && (cores ?? 1) >= 2 && defaultWasmThreads(cores) === 1) return 2;
  return undefined;
}
