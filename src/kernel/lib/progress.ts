import type { ProgressView } from '@/protocol';
import { displayBundle } from '../display';
import { currentRun } from '../run-context';
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
  let ended = false;
  const run = currentRun();
  /** An update that came too soon after the last one sent, sent when its time comes. */
  let trailing: ReturnType<typeof setTimeout> | null = null;

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
    if (trailing !== null) clearTimeout(trailing);
    trailing = null;
  };

  send('running');
  return {
    update(value) {
      done = value;
      const since = performance.now() - lastSent;
      if (since >= MIN_UPDATE_MS) send('running');
      // Else the count still shows if nothing follows it for a while (a pause, a slow step).
      else if (trailing === null && !ended)
        trailing = setTimeout(() => {
          // Only into the cell that made the bar, while it still runs.
          if (!ended && currentRun() === run) send('running');
        }, MIN_UPDATE_MS - since);
      checkInterrupt();
    },
    tick(count = 1) {
      this.update(done + count);
    },
    finish() {
      ended = true;
      done = total;
      send('done');
    },
    stop() {
      ended = true;
      send('stopped');
    },
  };
}
