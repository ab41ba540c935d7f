import type { ProgressView } from '@/protocol';
import { displayBundle } from '../display';
import { checkInterrupt } from './interrupt';

const MIN_UPDATE_MS = 100;
let nextId = 0;

export interface ProgressOptions {
  label?: string;
  unit?: string;
  /** Samples per unit of progress, to report samples/s (e.g. the batch size for steps). */
  samplesPerUnit?: number;
}

export interface ProgressBar {
  /** Sets the count done so far; also a point where Interrupt takes effect. */
  update(done: number): void;
  tick(count?: number): void;
  finish(): void;
  stop(): void;
}

/** A progress bar with ETA in the cell output, updated at most ~10 times per second. */
export function progress(total: number, options: ProgressOptions = {}): ProgressBar {
  const displayId = `progress-${++nextId}`;
  const started = performance.now();
  let done = 0;
  let lastSent = -Infinity;

  const send = (state: ProgressView['state']) => {
    const elapsedMs = performance.now() - started;
    const view: ProgressView = {
      label: options.label ?? '',
      done,
      total,
      elapsedMs,
      unit: options.unit ?? 'steps',
      state,
    };
    if (options.samplesPerUnit && elapsedMs > 0) {
      view.samplesPerSecond = (done * options.samplesPerUnit) / (elapsedMs / 1000);
    }
    const percent = total > 0 ? Math.round((100 * done) / total) : 0;
    displayBundle(
      {
        'application/vnd.tfnb.progress+json': view,
        'text/plain': `${view.label} ${done}/${total} ${view.unit} (${percent}%)`.trim(),
      },
      displayId,
    );
    lastSent = performance.now();
  };

  send('running');
  return {
    update(value) {
      done = value;
      if (performance.now() - lastSent >= MIN_UPDATE_MS) send('running');
      checkInterrupt();
    },
    tick(count = 1) {
      this.update(done + count);
    },
    finish() {
      done = total;
      send('done');
    },
    stop() {
      send('stopped');
    },
  };
}
