import type { KernelStartOptions } from '@/client/kernel-spawn';
import { grantedHosts } from '@/storage/network-grants';
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
    networkHosts: grantedHosts(notebook),
  };
}
