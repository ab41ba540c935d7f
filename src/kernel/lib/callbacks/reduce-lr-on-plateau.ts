import { CallbackError, KerasCallback, resolveLogs, say, type UnresolvedLogs } from './base';
import { getLearningRate, setLearningRate } from './learning-rate';
import {
  availableKeys,
  initialBest,
  isImprovement,
  type MonitorMode,
  monitorValue,
  resolveMode,
} from './monitor';
import { readOptions } from './options';

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  minDelta?: number;
  min_delta?: number;
  cooldown?: number;
  minLr?: number;
  min_lr?: number;
}

type Resolved = Omit<ReduceLROnPlateauOptions, 'min_delta' | 'min_lr'>;
const KNOWN = ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr'];

/**
 * Keras's ReduceLROnPlateau: when `monitor` has not improved by `minDelta` for `patience`
 * epochs, multiplies the rate by `factor` (not below `minLr`), then waits `cooldown` epochs.
 */
export class ReduceLROnPlateau extends KerasCallback {
  protected readonly kerasName = 'ReduceLROnPlateau';
  readonly monitor: string;
  private readonly factor: number;
  private readonly patience: number;
  private readonly verbose: number;
  private readonly mode: 'min' | 'max';
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private wait = 0;
  private cooldownCounter = 0;
  best: number;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const o = readOptions<Resolved>('ReduceLROnPlateau', options, KNOWN);
    this.monitor = o.monitor ?? 'val_loss';
    this.factor = o.factor ?? 0.1;
    if (!(this.factor < 1) || !(this.factor > 0)) {
      throw new CallbackError(
        `ReduceLROnPlateau does not support a factor of ${this.factor}; it must lie between 0 and 1.`,
        'factor multiplies the rate on a plateau: 0.1 divides it by ten.',
      );
    }
    this.patience = o.patience ?? 10;
    this.verbose = o.verbose ?? 0;
    this.mode = resolveMode(o.mode ?? 'auto', this.monitor);
    this.minDelta = o.minDelta ?? 1e-4;
    this.cooldown = o.cooldown ?? 0;
    this.minLr = o.minLr ?? 0;
    this.best = initialBest(this.mode);
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = initialBest(this.mode);
  }

  override async onEpochEnd(epoch: number, unresolved?: UnresolvedLogs): Promise<void> {
    const optimizer = this.optimizer();
    const logs = await resolveLogs(unresolved);
    if (unresolved) unresolved.lr = getLearningRate(optimizer);
    const current = monitorValue(logs, this.monitor);
    if (current === undefined) {
      say(
        `Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${availableKeys(logs)}`,
        'stderr',
      );
      return;
    }
    const inCooldown = this.cooldownCounter > 0;
    if (inCooldown) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (!inCooldown) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = getLearningRate(optimizer);
        if (old > this.minLr) {
          const next = Math.max(old * this.factor, this.minLr);
          setLearningRate(optimizer, next);
          if (this.verbose > 0)
            say(
              `\nEpoch ${String(epoch + 1).padStart(5, '0')}: ReduceLROnPlateau reducing learning rate to ${next}.`,
            );
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
