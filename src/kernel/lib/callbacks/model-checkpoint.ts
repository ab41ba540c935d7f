import type { MetricPoint } from '@/protocol';
import { storeCheckpoint } from '../checkpoint/api';
import { captureCheckpoint } from '../checkpoint/capture';
import { CallbackError, KerasCallback, resolveLogs, say, type UnresolvedLogs } from './base';
import { formatFilepath } from './filepath-template';
import {
  availableKeys,
  initialBest,
  isImprovement,
  type MonitorMode,
  monitorValue,
  resolveMode,
} from './monitor';
import { readOptions } from './options';

export interface ModelCheckpointOptions {
  monitor?: string;
  verbose?: number;
  saveBestOnly?: boolean;
  save_best_only?: boolean;
  mode?: MonitorMode;
  /** Save every `period` epochs (Keras 2's `period`). */
  period?: number;
}

type Resolved = Omit<ModelCheckpointOptions, 'save_best_only'>;
const KNOWN = ['monitor', 'verbose', 'saveBestOnly', 'mode', 'period'];

/**
 * Keras's ModelCheckpoint: at the end of each epoch saves the model (weights, optimizer state,
 * epoch and the epochs' logs) as a checkpoint named by `filepath` with the epoch and logs filled
 * in (`ModelWeights-{epoch:02d}-{val_acc:.2f}`). With `saveBestOnly`, only when `monitor`
 * improves. Checkpoints go to the browser's checkpoint store (`checkpoint.list()`, the
 * Checkpoints panel), not to files.
 */
export class ModelCheckpoint extends KerasCallback {
  protected readonly kerasName = 'ModelCheckpoint';
  readonly filepath: string;
  readonly monitor: string;
  private readonly verbose: number;
  private readonly saveBestOnly: boolean;
  private readonly mode: 'min' | 'max';
  private readonly period: number;
  private epochsSinceLastSave = 0;
  private points: MetricPoint[] = [];
  best: number;
  /** The names saved, in order. */
  readonly saved: string[] = [];

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    if (typeof filepath !== 'string' || filepath.trim() === '') {
      throw new CallbackError(
        'ModelCheckpoint needs a filepath (the checkpoint name), such as "ModelWeights-{epoch:02d}-{val_acc:.2f}".',
      );
    }
    const o = readOptions<Resolved>('ModelCheckpoint', options, KNOWN);
    this.filepath = filepath;
    this.monitor = o.monitor ?? 'val_loss';
    this.verbose = o.verbose ?? 0;
    this.saveBestOnly = o.saveBestOnly ?? false;
    this.mode = resolveMode(o.mode ?? 'auto', this.monitor);
    this.period = o.period ?? 1;
    this.best = initialBest(this.mode);
  }

  override async onTrainBegin(): Promise<void> {
    this.epochsSinceLastSave = 0;
    this.points = [];
  }

  override async onEpochEnd(epoch: number, unresolved?: UnresolvedLogs): Promise<void> {
    const logs = await resolveLogs(unresolved);
    this.points.push({ step: epoch + 1, epoch, kind: 'epoch', logs });
    this.epochsSinceLastSave++;
    if (this.epochsSinceLastSave < this.period) return;
    this.epochsSinceLastSave = 0;
    const name = formatFilepath(this.filepath, { ...logs, epoch: epoch + 1 });
    const label = `Epoch ${String(epoch + 1).padStart(5, '0')}`;
    if (!this.saveBestOnly) {
      if (this.verbose > 0) say(`\n${label}: saving model to ${name}`);
      await this.save(name, epoch);
      return;
    }
    const current = monitorValue(logs, this.monitor);
    if (current === undefined) {
      say(
        `Can save best model only with ${this.monitor} available, skipping. Available metrics are: ${availableKeys(logs)}`,
        'stderr',
      );
      return;
    }
    if (isImprovement(current, this.best, this.mode)) {
      if (this.verbose > 0)
        say(
          `\n${label}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${name}`,
        );
      this.best = current;
      await this.save(name, epoch);
    } else if (this.verbose > 0) {
      say(`\n${label}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
    }
  }

  private async save(name: string, epoch: number): Promise<void> {
    const optimizer = this.target?.optimizer;
    await storeCheckpoint(
      await captureCheckpoint(this.targetModel(), name, {
        epoch: epoch + 1,
        history: this.points,
        ...(optimizer ? { optimizer } : {}),
      }),
    );
    this.saved.push(name);
  }
}
