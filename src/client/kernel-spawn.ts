import { type BackendChoice, PROTOCOL_VERSION, type Preset, type ToKernel } from '@/protocol';

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

/** Starts the worker and sends `init` at once: the backend starts while the page does other work. */
export function spawnKernel(options: KernelStartOptions): SpawnedKernel {
  const worker = new Worker(new URL('../kernel/worker.ts', import.meta.url), {
    type: 'module',
    name: 'kernel',
  });
  const interruptBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
  const init: ToKernel = {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    backend: options.backend,
    preset: options.preset,
    notebook: options.notebook,
    ...(interruptBuffer ? { interruptBuffer } : {}),
    ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
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
