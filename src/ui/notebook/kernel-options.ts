import type { KernelStartOptions } from '@/client/kernel-spawn';
import {
  loadBackendChoice,
  loadPresetChoice,
  loadWasmThreads,
  presetFromUrl,
} from '@/storage/settings';

/** The options a notebook's first kernel starts with: the user's saved choices, `?preset=` first. */
export function kernelOptionsFor(notebook: string): KernelStartOptions {
  return {
    backend: loadBackendChoice(),
    preset: presetFromUrl(globalThis.location?.search ?? '') ?? loadPresetChoice(),
    wasmThreads: loadWasmThreads(),
    notebook,
  };
}
