import { BACKENDS, type BackendChoice, PRESETS, type Preset } from '@/protocol';

const BACKEND_KEY = 'tfnb.backend';
const PRESET_KEY = 'tfnb.preset';

/** The backend the user picked; kept across reloads. */
export function loadBackendChoice(): BackendChoice {
  const stored = globalThis.localStorage?.getItem(BACKEND_KEY);
  return stored && (BACKENDS as readonly string[]).includes(stored)
    ? (stored as BackendChoice)
    : 'auto';
}

const WASM_THREADS_KEY = 'tfnb.wasmThreads';

/**
 * Threads for the WASM backend: a positive integer, or undefined for tfjs's own choice (the
 * threaded binary when the page is cross-origin isolated, with a pool sized by XNNPACK).
 * 1 selects the single-threaded SIMD binary. No UI sets it yet; `npm run bench` does.
 */
export function loadWasmThreads(): number | undefined {
  const stored = Number(globalThis.localStorage?.getItem(WASM_THREADS_KEY) ?? Number.NaN);
  return Number.isInteger(stored) && stored > 0 ? stored : undefined;
}

export function saveBackendChoice(choice: BackendChoice): void {
  globalThis.localStorage?.setItem(BACKEND_KEY, choice);
}

function asPreset(value: string | null | undefined): Preset | null {
  return value && (PRESETS as readonly string[]).includes(value) ? (value as Preset) : null;
}

/** `?preset=quick` in the page's URL: the headless runner and shared links force a schedule. */
export function presetFromUrl(search: string): Preset | null {
  return asPreset(new URLSearchParams(search).get('preset'));
}

/** The training schedule the user picked ('book' until they pick another); kept across reloads. */
export function loadPresetChoice(): Preset {
  return asPreset(globalThis.localStorage?.getItem(PRESET_KEY)) ?? 'book';
}

export function savePresetChoice(preset: Preset): void {
  globalThis.localStorage?.setItem(PRESET_KEY, preset);
}
