import type * as tf from '@tensorflow/tfjs';
import type { MetricPoint } from '@/protocol';
import { display } from '../../display';
import { restoreSeedState } from '../seed';
import { storeCheckpoint } from './api';
import { captureCheckpoint } from './capture';
import { CheckpointError } from './errors';
import type { LoadedCheckpoint } from './loaded';
import { applyCheckpoint } from './restore';
import { takeResumeRequest } from './resume-request';
import { getCheckpoint } from './store';

export interface FitCheckpointOptions {
  /** Save a checkpoint every N epochs, and at the end. */
  checkpointEvery?: number;
  /** The checkpoint's name; each save replaces the previous one of this name. Default: the model's name. */
  checkpointName?: string;
  /** Continue from a checkpoint: weights, optimizer state, epoch, chart and random generator. */
  resumeFrom?: LoadedCheckpoint | string;
}

export interface Resumed {
  initialEpoch: number;
  history: MetricPoint[];
}

/**
 * Puts the checkpoint to resume from into `model` (when it is not the checkpoint's own model)
 * and the seeded generator back where it was, so the next epoch shuffles as it would have.
 */
export async function prepareResume(
  model: tf.LayersModel,
  options: FitCheckpointOptions,
): Promise<Resumed | null> {
  const name = options.checkpointName;
  const source =
    options.resumeFrom ?? (name !== undefined && takeResumeRequest(name) ? name : undefined);
  if (source === undefined) return null;
  const artifacts = typeof source === 'string' ? await getCheckpoint(source) : source.artifacts();
  if (typeof source === 'string' || source.model !== model) {
    const { optimizerRestored } = await applyCheckpoint(model, artifacts);
    if (artifacts.optimizer && !optimizerRestored) {
      throw new CheckpointError(
        'mismatch',
        `The model is not compiled, so the optimizer state of "${artifacts.meta.name}" has nowhere to go.`,
        'Call model.compile(...) before fit().',
      );
    }
  }
  if (artifacts.meta.seed) restoreSeedState(artifacts.meta.seed);
  display(`Resuming "${artifacts.meta.name}" from epoch ${artifacts.meta.epoch}.`);
  return { initialEpoch: artifacts.meta.epoch, history: artifacts.meta.history };
}

/** Saves during `fit`: every N epochs (a run cut off there can resume) and once at the end. */
export class FitCheckpointer {
  private lastSaved: { epoch: number; finished: boolean } | null = null;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly name: string,
    private readonly every: number,
    private readonly targetEpochs: number,
  ) {
    if (!Number.isInteger(every) || every < 1) {
      throw new CheckpointError(
        'mismatch',
        `checkpointEvery must be a whole number ≥ 1; got ${every}.`,
      );
    }
  }

  async epochEnded(epochsDone: number, history: MetricPoint[]): Promise<void> {
    if (epochsDone % this.every === 0)
      await this.save(epochsDone, history, epochsDone >= this.targetEpochs);
  }

  /** After fit returned normally (all epochs, or stopped by a callback such as early stopping). */
  async finished(epochsDone: number, history: MetricPoint[]): Promise<void> {
    const last = this.lastSaved;
    if (last?.epoch !== epochsDone || !last.finished) await this.save(epochsDone, history, true);
    display(`Saved checkpoint "${this.name}" at epoch ${epochsDone}.`);
  }

  /** The chart's Save button, mid-epoch: keeps the weights of this very step. */
  async saveNow(epochsDone: number, history: MetricPoint[], batch: number): Promise<void> {
    await this.save(epochsDone, history, false);
    display(`Saved checkpoint "${this.name}" now: ${epochsDone} epochs and ${batch} batches done.`);
  }

  private async save(epoch: number, history: MetricPoint[], finished: boolean): Promise<void> {
    const artifacts = await captureCheckpoint(this.model, this.name, {
      epoch,
      targetEpochs: this.targetEpochs,
      finished,
      history: [...history],
    });
    await storeCheckpoint(artifacts);
    this.lastSaved = { epoch, finished };
  }
}
