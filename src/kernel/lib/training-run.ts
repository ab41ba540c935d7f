import { KernelInterruptedError } from './interrupt';
import type { MetricsStream } from './metrics-stream';
import type { ProgressBar } from './progress';

/**
 * How a training run ends for the user, shared by `fit` and `trainLoop`: the live chart and the
 * progress bar say "done", or "stopped" (Interrupt) / "failed" with the reason, and the error
 * goes on to the cell.
 */
export function endTrainingRun(stream: MetricsStream, bar: ProgressBar, error?: unknown): void {
  if (error === undefined) {
    stream.end('done');
    bar.finish();
    return;
  }
  const stopped = error instanceof KernelInterruptedError;
  stream.end(
    stopped ? 'stopped' : 'failed',
    error instanceof Error ? error.message : String(error),
  );
  bar.stop();
}
