import type * as tf from '@tensorflow/tfjs';
import type { BatchThinning, MetricPoint } from '@/protocol';
import { appendThinned, UNTHINNED } from '@/utils/metric-thinning';
import { CheckpointError } from './errors';
import { FitCheckpointer, type FitCheckpointOptions, prepareResume } from './fit-checkpoints';

/**
 * `trainLoop`'s checkpoints, the same as `fit`'s: save every N epochs under a name, and continue
 * from one (given, or asked for by the page's "Resume from epoch N" after a reload). A loop's
 * optimizer is its own object, so the checkpoint takes it from the model: the model must be
 * compiled with the optimizer the step uses, which is what carries Adam's moments across a reload.
 */
export class LoopCheckpoints {
  /** The chart's points of the whole run (a resumed one's earlier epochs first), thinned as the page thins. */
  readonly points: MetricPoint[] = [];
  thinning: BatchThinning = UNTHINNED;
  initialEpoch = 0;
  private saver: FitCheckpointer | null = null;

  private constructor(private readonly options: FitCheckpointOptions) {}

  static async open(
    model: tf.LayersModel | undefined,
    optimizer: tf.Optimizer | undefined,
    epochs: number,
    options: FitCheckpointOptions,
  ): Promise<LoopCheckpoints> {
    const loop = new LoopCheckpoints(options);
    const wanted =
      options.checkpointEvery !== undefined ||
      options.checkpointName !== undefined ||
      options.resumeFrom !== undefined;
    if (!wanted) return loop;
    if (!model)
      throw new CheckpointError(
        'mismatch',
        'trainLoop can save or resume checkpoints only when it is given the model it trains.',
        'Pass it: trainLoop({ model, optimizer, checkpointEvery: 5, checkpointName: "run", step }).',
      );
    if (!model.optimizer || (optimizer && model.optimizer !== optimizer))
      throw new CheckpointError(
        'mismatch',
        "trainLoop's checkpoints keep the optimizer's state through the model, and this model is not compiled with the loop's optimizer.",
        'Compile it with that optimizer first: model.compile({ optimizer, loss: "categoricalCrossentropy" }).',
      );
    const resumed = await prepareResume(model, options);
    if (resumed) {
      loop.initialEpoch = resumed.initialEpoch;
      loop.thinning = appendThinned(loop.points, resumed.history, UNTHINNED);
    }
    if (options.checkpointEvery !== undefined || options.checkpointName !== undefined)
      loop.saver = new FitCheckpointer(
        model,
        options.checkpointName ?? model.name,
        options.checkpointEvery ?? epochs,
        epochs,
      );
    return loop;
  }

  get enabled(): boolean {
    return this.saver !== null || this.options.resumeFrom !== undefined;
  }

  record(point: MetricPoint): void {
    if (this.enabled) this.thinning = appendThinned(this.points, [point], this.thinning);
  }

  /** The per-epoch logs of the epochs a resumed run did before the reload, in epoch order. */
  earlierEpochs(): Record<string, number>[] {
    return this.points
      .filter((p) => p.kind === 'epoch' && p.epoch < this.initialEpoch)
      .sort((a, b) => a.epoch - b.epoch)
      .map((p) => p.logs);
  }

  async epochEnded(epochsDone: number): Promise<void> {
    await this.saver?.epochEnded(epochsDone, this.points);
  }

  async finished(epochsDone: number): Promise<void> {
    await this.saver?.finished(epochsDone, this.points);
  }
}
