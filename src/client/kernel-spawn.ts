import { KERNEL_POLICY_PARAM } from '@/network/policy';
import {
  type BackendChoice,
  MUTATIONS,
  type Mutation,
  PROTOCOL_VERSION,
  type Preset,
  type ToKernel,
} from '@/protocol';
// The URL rather than Vite's worker constructor: the script URL carries the policy token.
import kernelWorkerUrl from '../kernel/worker.ts?worker&url';

/** What a kernel is started with; a prewarmed kernel is used only when all of it matches. */
export interface KernelStartOptions {
  backend: BackendChoice;
  preset: Preset;
  wasmThreads: number | undefined;
  /** The notebook this kernel serves; its checkpoints record it. */
  notebook: string;
  /** The hosts the notebook was granted; its kernel's Content-Security-Policy allows them. */
  networkHosts: readonly string[];
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

/**
 * Starts the worker and sends `init` at once: the backend starts while the page does other work.
 * `policyToken` (from registerKernelPolicy) makes the service worker serve the script with a
 * policy allowing `options.networkHosts`; without it the kernel may reach the app's origin only.
 */
export function spawnKernel(options: KernelStartOptions, policyToken?: string): SpawnedKernel {
  const url = policyToken
    ? `${kernelWorkerUrl}${kernelWorkerUrl.includes('?') ? '&' : '?'}${KERNEL_POLICY_PARAM}=${policyToken}`
    : kernelWorkerUrl;
  const worker = new Worker(url, { type: 'module', name: 'kernel' });
  const interruptBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
  const mutate = mutationFromUrl(globalThis.location?.search ?? '');
  const init: ToKernel = {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    backend: options.backend,
    preset: options.preset,
    notebook: options.notebook,
    ...(policyToken && options.networkHosts.length
      ? { networkHosts: [...options.networkHosts] }
      : {}),
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
    a.notebook === b.notebook &&
    a.networkHosts.join(' ') === b.networkHosts.join(' ')
  );
}
