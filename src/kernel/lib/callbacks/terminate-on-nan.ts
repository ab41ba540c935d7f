import { KerasCallback, resolveLogs, say, type UnresolvedLogs } from './base';

/**
 * Keras's TerminateOnNaN: stops training after the first batch whose loss is NaN or infinite.
 * (The kernel's `fit` and `trainLoop` also stop on a NaN loss, with an error; this callback
 * stops quietly, as in Keras, and works in a plain `model.fit`.)
 */
export class TerminateOnNaN extends KerasCallback {
  protected readonly kerasName = 'TerminateOnNaN';
  /** The batch that stopped training, or null. */
  stoppedAtBatch: number | null = null;

  override async onBatchEnd(batch: number, unresolved?: UnresolvedLogs): Promise<void> {
    const loss = (await resolveLogs(unresolved)).loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      say(`Batch ${batch}: Invalid loss, terminating training`);
      this.stoppedAtBatch = batch;
      this.stop();
    }
  }
}
