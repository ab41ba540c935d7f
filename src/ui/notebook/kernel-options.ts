import type { KernelStartOptions } from '@/client/kernel-spawn';
import { catalogEntries } from '@/notebook/catalog';
import { grantedHosts } from '@/storage/network-grants';
import {
  loadBackendChoice,
  loadPresetChoice,
  loadWasmThreads,
  presetFromUrl,
} from '@/storage/settings';
import { wasmThreadsFor } from '@/utils/wasm-thread-choice';

/**
 * The options a notebook's first kernel starts with: the user's saved choices, `?preset=` first,
 * and the WASM threads its catalog entry asks for where the user set none.
 */
export function kernelOptionsFor(notebook: string): KernelStartOptions {
  return {
    backend: loadBackendChoice(),
    preset: presetFromUrl(globalThis.location?.search ?? '') ?? loadPresetChoice(),
    wasmThreads: wasmThreadsFor(
      loadWasmThreads(),
      catalogEntries().find((entry) => entry.path === notebook)?.wasm,
      globalThis.navigator?.hardwareConcurrency,
    ),
    notebook,
    networkHosts: grantedHosts(notebook),
  };
}
