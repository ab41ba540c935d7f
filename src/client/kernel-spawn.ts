import {
  type BackendChoice,
  MUTATIONS,
  type Mutation,
  PROTOCOL_VERSION,
  type Preset,
  type ToKernel,
} from '@/protocol';

/** What a kernel is started with; a prewarmed kernel is used only when all of it matches. */
export interface KernelStartOptions {
  backend: BackendChoice;
  preset: Preset;
  wasmThreads: number | undefined;
  /** The notebook this kernel serves; its checkpoints record it. */
  notebook: string;
}

export interface SpawnedKernel {
  worker: Worker;
  /** The shared interrupt flag; absent when the page is not cross-origin isolated. */
  interruptBuffer: SharedArrayBuffer | undefined;
}

/**
 * `?mutate=<kind>` in the page's URL: the headless runner's mutation check breaks the kernel on
 * purpose (see src/kernel/lib/mutations.ts). Nothing in the app's own UI sets it.
 */
export function mutationFromUrl(search: string): Mutation | undefined {
  const value = new URLSearchParams(search).get('mutate');
  return (MUTATIONS as readonly string[]).includes(value ?? '') ? (value as Mutation) : undefined;
}

/** Starts the worker and sends `init` at once: the backend starts while the page does other work. */
export function spawnKernel(options: KernelStartOptions): SpawnedKernel {
  const worker = new Worker(new URL('../kernel/worker.ts', import.meta.url), {
    type: 'module',
    name: 'kernel',
  });
  const interruptBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
  const mutate = mutationFromUrl(globalThis.location?.search ?? '');
  const init: ToKernel = {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    backend: options.backend,
    preset: options.preset,
    notebook: options.notebook,
    ...(interruptBuffer ? { interruptBuffer } : {}),
    ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
    ...(mutate ? { mutate } : {}),
  };
  worker.postMessage(init);
  return { worker, interruptBuffer };
}

export function sameStartOptions(a: KernelStartOptions, b: KernelStartOptions): boolean {
  return (
    a.backend === b.backend &&
    a.preset === b.preset &&
    a.wasmThreads === b.wasmThreads &&
    a.notebook === b.notebook
  );
}
