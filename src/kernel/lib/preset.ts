import type { Preset } from '@/protocol';

let current: Preset = 'book';

export function setPreset(preset: Preset): void {
  current = preset;
}

export function currentPreset(): Preset {
  return current;
}

/**
 * `preset` is a read-only global: the toolbar (or `?preset=` in the URL) picks it, so the band a
 * `report()` is judged against always belongs to the schedule that actually ran. A cell that
 * declares its own `preset` is refused as a built-in name.
 */
export function definePresetGlobal(): void {
  Object.defineProperty(globalThis, 'preset', {
    get: currentPreset,
    configurable: true,
    enumerable: true,
  });
}
