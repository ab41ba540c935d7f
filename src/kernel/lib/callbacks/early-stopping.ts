import * as tf from '@tensorflow/tfjs';
import { KerasCallback, resolveLogs, say, type UnresolvedLogs } from './base';
import {
  availableKeys,
  initialBest,
  isImprovement,
  type MonitorMode,
  monitorValue,
  resolveMode,
} from './monitor';
import { readOptions } from './options';

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  min_delta?: number;
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  baseline?: number;
  restoreBestWeights?: boolean;
  restore_best_weights?: boolean;
  startFromEpoch?: number;
  start_from_epoch?: number;
}

type Resolved = Omit<
  EarlyStoppingOptions,
  'min_delta' | 'restore_best_weights' | 'start_from_epoch'
>;
const KNOWN = [
  'monitor',
  'minDelta',
  'patience',
  'verbose',
  'mode',
  'baseline',
  'restoreBestWeights',
  'startFromEpoch',
];

/**
 * Keras's EarlyStopping (tfjs's own cannot restore the best weights): stops when `monitor` has
 * not improved by `minDelta` for `patience` epochs. With `restoreBestWeights` the model ends
 * with the weights of its best epoch, as in Keras 3 (whether it stopped early or ran to the end).
 */
export class EarlyStopping extends KerasCallback {
  protected readonly kerasName = 'EarlyStopping';
  readonly monitor: string;
  private readonly minDelta: number;
  private readonly patience: number;
  private readonly verbose: number;
  private readonly mode: 'min' | 'max';
  private readonly baseline: number | undefined;
  private readonly restoreBestWeights: boolean;
  private readonly startFromEpoch: number;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;
  best: number;
  /** The epoch (from 0) of the best value, and the epoch training stopped at (0: it did not). */
  bestEpoch = 0;
  stoppedEpoch = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const o = readOptions<Resolved>('EarlyStopping', options, KNOWN);
    this.monitor = o.monitor ?? 'val_loss';
    this.minDelta = o.minDelta ?? 0;
    this.patience = o.patience ?? 0;
    this.verbose = o.verbose ?? 0;
    this.mode = resolveMode(o.mode ?? 'auto', this.monitor);
    this.baseline = o.baseline;
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    this.startFromEpoch = o.startFromEpoch ?? 0;
    this.best = initialBest(this.mode);
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = initialBest(this.mode);
    this.keepWeights(null);
  }

  override async onEpochEnd(epoch: number, unresolved?: UnresolvedLogs): Promise<void> {
    const logs = await resolveLogs(unresolved);
    const current = monitorValue(logs, this.monitor);
    if (current === undefined) {
      say(
        `Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${availableKeys(logs)}`,
        'stderr',
      );
      return;
    }
    if (epoch < this.startFromEpoch) return;
    // Keras keeps the first epoch's weights, so a run that never improves still restores some.
    if (this.restoreBestWeights && this.bestWeights === null) this.keepWeights(this.snapshot());
    this.wait++;
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepWeights(this.snapshot());
      // The wait restarts only when both the baseline and the previous best are beaten.
      if (this.baseline === undefined || isImprovement(current, this.baseline, this.mode, 0))
        this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.stop();
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch > 0 && this.verbose > 0)
      say(`Epoch ${String(this.stoppedEpoch + 1).padStart(5, '0')}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0)
        say(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.targetModel().setWeights(this.bestWeights);
    }
    this.keepWeights(null);
  }

  private snapshot(): tf.Tensor[] {
    return tf.tidy(() =>
      this.targetModel()
        .getWeights()
        .map((w) => w.clone()),
    );
  }

  private keepWeights(weights: tf.Tensor[] | null): void {
    for (const w of this.bestWeights ?? []) w.dispose();
    this.bestWeights = weights;
  }
}
