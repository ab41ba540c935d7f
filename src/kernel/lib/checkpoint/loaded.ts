import type * as tf from '@tensorflow/tfjs';
import type { MetricPoint } from '@/protocol';
import type { CheckpointArtifacts } from './format';

/** What `checkpoint.load()` and `checkpoint.upload()` give a cell. */
export class LoadedCheckpoint {
  readonly name: string;
  /** Epochs completed when it was saved: `fit(..., { resumeFrom })` continues from here. */
  readonly epoch: number;
  /** The training chart's points up to the save. */
  readonly history: MetricPoint[];
  readonly #artifacts: CheckpointArtifacts;

  constructor(
    readonly model: tf.LayersModel,
    artifacts: CheckpointArtifacts,
    /** False when the checkpoint had no optimizer state or the model is not compiled. */
    readonly optimizerRestored: boolean,
  ) {
    this.name = artifacts.meta.name;
    this.epoch = artifacts.meta.epoch;
    this.history = artifacts.meta.history;
    this.#artifacts = artifacts;
  }

  /** The stored form, kept private so showing the object in a cell stays short. */
  artifacts(): CheckpointArtifacts {
    return this.#artifacts;
  }

  toString(): string {
    return `Checkpoint "${this.name}" at epoch ${this.epoch}`;
  }
}
