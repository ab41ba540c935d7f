import type { Logs } from './base';

export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * tfjs logs `metrics: ['accuracy']` as `acc`/`val_acc` (as Keras 2.2 did, and the books'
 * `monitor="val_acc"` expects); Keras 2.3+ logs `accuracy`/`val_accuracy`. Either spelling finds
 * the value.
 */
function aliases(key: string): string[] {
  const swapped = key.replace(/(^|_)acc$/, '$1accuracy');
  if (swapped !== key) return [key, swapped];
  const short = key.replace(/(^|_)accuracy$/, '$1acc');
  return short !== key ? [key, short] : [key];
}

/** The monitored value, or undefined when the logs have no such key under either spelling. */
export function monitorValue(logs: Logs, monitor: string): number | undefined {
  for (const key of aliases(monitor)) {
    const value = logs[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Keras's `auto`: accuracies and AUCs are maximised, everything else (losses) minimised. */
export function resolveMode(mode: MonitorMode, monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc/.test(monitor) ? 'max' : 'min';
}

/** Better by more than `minDelta` (Keras's monitor_op with min_delta). */
export function isImprovement(
  current: number,
  best: number,
  mode: 'min' | 'max',
  minDelta = 0,
): boolean {
  const delta = Math.abs(minDelta);
  return mode === 'min' ? current < best - delta : current > best + delta;
}

export function initialBest(mode: 'min' | 'max'): number {
  return mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

export function availableKeys(logs: Logs): string {
  return Object.keys(logs).join(',');
}
