import {
  type KernelStartOptions,
  type SpawnedKernel,
  sameStartOptions,
  spawnKernel,
} from './kernel-spawn';

/** What the worker said before a client took it over, replayed to that client in order. */
export type EarlyKernelEvent =
  | { kind: 'message'; data: unknown }
  | { kind: 'error'; message: string };

export interface PrewarmedKernel extends SpawnedKernel {
  early: EarlyKernelEvent[];
}

let spare: { kernel: PrewarmedKernel; options: KernelStartOptions } | null = null;

/**
 * Starts the kernel of the notebook the page is opening before React has rendered anything:
 * worker spawn, its 2 MB of JS and the backend's start then overlap the page's own start instead
 * of following it. Messages it sends meanwhile are kept for the client that takes it.
 */
export function prewarmKernel(options: KernelStartOptions): void {
  // A notebook with granted hosts needs its policy registered with the service worker first.
  if (spare || options.networkHosts.length > 0) return;
  const kernel: PrewarmedKernel = { ...spawnKernel(options), early: [] };
  kernel.worker.onmessage = (event: MessageEvent<unknown>) => {
    kernel.early.push({ kind: 'message', data: event.data });
  };
  kernel.worker.onerror = (event) => {
    event.preventDefault();
    kernel.early.push({ kind: 'error', message: event.message });
  };
  spare = { kernel, options };
}

/**
 * The prewarmed kernel when it was started with these options, else null. Either way it is
 * handed out once: a mismatched one (the user went to another notebook, changed a setting) is
 * terminated, and every later start spawns its own.
 */
export function takePrewarmedKernel(options: KernelStartOptions): PrewarmedKernel | null {
  const taken = spare;
  spare = null;
  if (!taken) return null;
  if (sameStartOptions(taken.options, options)) return taken.kernel;
  taken.kernel.worker.terminate();
  return null;
}
